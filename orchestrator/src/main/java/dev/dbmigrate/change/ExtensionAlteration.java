package dev.dbmigrate.change;

import dev.dbmigrate.schema.SchemaObject;
import dev.dbmigrate.schema.SqlNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Changes an extension in place: its schema ({@code ALTER EXTENSION ... SET SCHEMA}) and its version ({@code ALTER
 * EXTENSION ... UPDATE TO}), whose undo updates back to the old version: that needs a downgrade script, which most
 * extensions do not ship, so a warning says so.
 */
final class ExtensionAlteration implements Alteration {
    @Override
    public Optional<List<Change>> alter(SchemaObject from, SchemaObject to, ChangeContext context) {
        String extension = "ALTER EXTENSION " + SqlNames.ident(to.name());
        List<Change> changes = new ArrayList<>();
        if (!Objects.equals(from.text("schema"), to.text("schema"))) {
            changes.add(Change.of(
                    Phase.MAIN,
                    "move " + to.label() + " to schema " + to.text("schema"),
                    List.of(extension + " SET SCHEMA " + SqlNames.ident(to.text("schema"))),
                    List.of(extension + " SET SCHEMA " + SqlNames.ident(from.text("schema")))));
        }
        if (!Objects.equals(from.text("version"), to.text("version")) && to.text("version") != null) {
            String old = from.text("version");
            changes.add(Change.of(
                            Phase.MAIN,
                            "update " + to.label() + " from version " + old + " to " + to.text("version"),
                            List.of(extension + " UPDATE TO " + SqlNames.literal(to.text("version"))),
                            List.of(extension + " UPDATE TO " + SqlNames.literal(old)))
                    .warn("the undo of updating " + to.label() + " to " + to.text("version") + " updates it back to "
                            + old + ", which works only if the extension ships a downgrade script ("
                            + SqlNames.last(to.name()).replace("\"", "") + "--" + to.text("version") + "--" + old
                            + ".sql); most do not: restore a backup to go back"));
        }
        return Optional.of(changes);
    }
}
