package dev.dbmigrate.change;

import dev.dbmigrate.schema.SchemaObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Changes a sequence in place ({@code ALTER SEQUENCE}), so its current value stays: its options are written whole
 * (those the snapshot leaves out at their defaults spelled out), so the sequence ends exactly as described whatever
 * it had; the column that owns it ({@code OWNED BY}). The undo writes the old options back.
 */
final class SequenceAlteration implements Alteration {
    private static final List<String> OPTIONS = List.of("type", "start", "increment", "min", "max", "cache", "cycle");

    @Override
    public Optional<List<Change>> alter(SchemaObject from, SchemaObject to, ChangeContext context) {
        List<Change> changes = new ArrayList<>();
        if (OPTIONS.stream().anyMatch(option -> !Objects.equals(from.get(option), to.get(option)))) {
            changes.add(Change.of(
                    Phase.MAIN, "change options of " + to.label(), List.of(options(to)), List.of(options(from))));
        }
        if (!Objects.equals(from.text("ownedBy"), to.text("ownedBy"))) {
            changes.add(Change.of(
                    Phase.MAIN,
                    "make " + to.label() + " owned by " + owner(to),
                    List.of("ALTER SEQUENCE " + to.name() + " OWNED BY " + owner(to)),
                    List.of("ALTER SEQUENCE " + from.name() + " OWNED BY " + owner(from))));
        }
        return Optional.of(changes);
    }

    private static String owner(SchemaObject sequence) {
        return sequence.text("ownedBy") == null ? "NONE" : sequence.text("ownedBy");
    }

    /** Every option of {@code sequence}, with the defaults the snapshot leaves out (as the reader computes them). */
    private static String options(SchemaObject sequence) {
        String type = Objects.requireNonNullElse(sequence.text("type"), "bigint");
        BigInteger increment = new BigInteger(Objects.requireNonNullElse(sequence.text("increment"), "1"));
        boolean ascending = increment.signum() > 0;
        BigInteger typeMax = switch (type) {
            case "smallint" -> BigInteger.valueOf(Short.MAX_VALUE);
            case "integer" -> BigInteger.valueOf(Integer.MAX_VALUE);
            default -> BigInteger.valueOf(Long.MAX_VALUE);
        };
        String min = Objects.requireNonNullElse(
                sequence.text("min"),
                ascending ? "1" : typeMax.negate().subtract(BigInteger.ONE).toString());
        String max = Objects.requireNonNullElse(sequence.text("max"), ascending ? typeMax.toString() : "-1");
        String start = Objects.requireNonNullElse(sequence.text("start"), ascending ? min : max);
        return "ALTER SEQUENCE " + sequence.name() + " AS " + type + " INCREMENT BY " + increment + " MINVALUE " + min
                + " MAXVALUE " + max + " START WITH " + start + " CACHE "
                + Objects.requireNonNullElse(sequence.text("cache"), "1")
                + (sequence.flag("cycle") ? " CYCLE" : " NO CYCLE");
    }
}
