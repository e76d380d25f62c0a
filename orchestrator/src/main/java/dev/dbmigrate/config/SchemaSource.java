package dev.dbmigrate.config;

/** Where {@code create -Dmigrate.autogenerate=true} reads the desired schema ({@code -Dmigrate.schemaSource}). */
public enum SchemaSource {
    /** A declarative SQL file or folder ({@code schemaFile}). */
    SQL,
    /** The project's JPA entities, through Hibernate's schema export. */
    JPA
}
