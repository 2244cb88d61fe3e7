package dev.tollgate.dynamodb;

import java.util.List;
import java.util.Objects;

/**
 * One attribute value of an item as DynamoDB returned it, reduced to what permission items use:
 * the value of the types tollgate reads ({@code S}, {@code N}, {@code SS}, {@code L}, {@code BOOL}) and just the
 * type name of every other ({@code N}, {@code M}, {@code NULL}, ...); {@link DynamoDbJson} reads it
 * and {@link PermissionItems} applies the item rules to it.
 *
 * @param type    DynamoDB's type name as on the wire ({@code "S"}, {@code "SS"}, {@code "NULL"}, ...),
 *                or {@code "malformed"} for a value that could not be read as any type
 * @param string  the value of an {@code S}, or the decimal text of an {@code N}; null otherwise
 * @param strings the values of an {@code SS}; empty otherwise
 * @param list    the elements of an {@code L}; empty otherwise
 * @param bool    the value of a {@code BOOL}; false otherwise
 */
record Attribute(String type, String string, List<String> strings, List<Attribute> list, boolean bool) {
    static final String S = "S";
    static final String N = "N";
    static final String SS = "SS";
    static final String L = "L";
    static final String BOOL = "BOOL";
    static final String MALFORMED = "malformed";

    Attribute {
        Objects.requireNonNull(type, "type");
        strings = List.copyOf(strings);
        list = List.copyOf(list);
    }

    static Attribute s(String value) {
        return new Attribute(S, Objects.requireNonNull(value, "value"), List.of(), List.of(), false);
    }

    /** A number, as DynamoDB sends it: decimal text (not checked here; {@link PermissionItems} parses it). */
    static Attribute n(String value) {
        return new Attribute(N, Objects.requireNonNull(value, "value"), List.of(), List.of(), false);
    }

    static Attribute ss(List<String> values) {
        return new Attribute(SS, null, values, List.of(), false);
    }

    static Attribute l(List<Attribute> elements) {
        return new Attribute(L, null, List.of(), elements, false);
    }

    static Attribute bool(boolean value) {
        return new Attribute(BOOL, null, List.of(), List.of(), value);
    }

    /** A value of a type tollgate does not read: only its name is kept (for WARN lines). */
    static Attribute other(String type) {
        return new Attribute(type, null, List.of(), List.of(), false);
    }

    boolean is(String typeName) {
        return type.equals(typeName);
    }
}
