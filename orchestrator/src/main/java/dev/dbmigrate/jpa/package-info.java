/**
 * The desired schema from a project's JPA entities ({@code -Dmigrate.schemaSource=jpa}): the DDL Hibernate's schema
 * export writes for PostgreSQL, computed in a class loader over the project's own class path. The library never links
 * to Hibernate: a project that does not use this never downloads it, and one that does uses its own Hibernate version.
 */
package dev.dbmigrate.jpa;
