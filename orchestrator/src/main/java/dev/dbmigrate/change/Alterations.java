package dev.dbmigrate.change;

import dev.dbmigrate.schema.ObjectKind;
import java.util.EnumMap;
import java.util.Map;

/** The {@link Alteration} of each kind: how an object both schemas have is changed in place. */
final class Alterations {
    private static final Map<ObjectKind, Alteration> BY_KIND = new EnumMap<>(ObjectKind.class);

    static {
        for (ObjectKind kind : ObjectKind.values()) {
            BY_KIND.put(kind, Alteration.RECREATE);
        }
        BY_KIND.put(ObjectKind.ENUM, new EnumAlteration());
        BY_KIND.put(ObjectKind.DOMAIN, new DomainAlteration());
        BY_KIND.put(ObjectKind.COMPOSITE_TYPE, new CompositeAlteration());
        BY_KIND.put(ObjectKind.EXTENSION, new ExtensionAlteration());
        BY_KIND.put(ObjectKind.VIEW, CodeAlterations.VIEW);
        BY_KIND.put(ObjectKind.FUNCTION, CodeAlterations.FUNCTION);
        BY_KIND.put(ObjectKind.TRIGGER, CodeAlterations.TRIGGER);
        BY_KIND.put(ObjectKind.POLICY, CodeAlterations.POLICY);
        BY_KIND.put(ObjectKind.TABLE, new TableAlteration());
        BY_KIND.put(ObjectKind.COLUMN, new ColumnAlteration());
        BY_KIND.put(ObjectKind.CONSTRAINT, new ConstraintAlteration());
        BY_KIND.put(ObjectKind.SEQUENCE, new SequenceAlteration());
    }

    private Alterations() {}

    /** How objects of {@code kind} are changed. */
    static Alteration of(ObjectKind kind) {
        return BY_KIND.get(kind);
    }
}
