package dev.dbmigrate.schema;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of database object a {@link Snapshot} models, in the order a snapshot lists them. Each has the word the
 * text output uses ({@code "materialized view"}) and the key its objects sit under in the JSON document
 * ({@code "materializedViews"}). Grants and comments are not kinds: they are properties ({@code grants},
 * {@code comment}) of the object they belong to.
 */
public enum ObjectKind {
    SCHEMA("schema", "schemas"),
    EXTENSION("extension", "extensions"),
    ENUM("enum", "enums"),
    DOMAIN("domain", "domains"),
    COMPOSITE_TYPE("composite type", "compositeTypes"),
    SEQUENCE("sequence", "sequences"),
    TABLE("table", "tables"),
    COLUMN("column", "columns"),
    CONSTRAINT("constraint", "constraints"),
    INDEX("index", "indexes"),
    VIEW("view", "views"),
    MATERIALIZED_VIEW("materialized view", "materializedViews"),
    FUNCTION("function", "functions"),
    TRIGGER("trigger", "triggers"),
    POLICY("policy", "policies");

    private final String word;
    private final String jsonKey;

    ObjectKind(String word, String jsonKey) {
        this.word = word;
        this.jsonKey = jsonKey;
    }

    /** The word the text output uses: {@code column}, {@code materialized view}. */
    public String word() {
        return word;
    }

    /** The key of this kind's objects in the JSON document. */
    public String jsonKey() {
        return jsonKey;
    }

    /** The kind whose JSON key is {@code key}. */
    public static Optional<ObjectKind> ofJsonKey(String key) {
        return Arrays.stream(values()).filter(kind -> kind.jsonKey.equals(key)).findFirst();
    }
}
