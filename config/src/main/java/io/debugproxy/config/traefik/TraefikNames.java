package io.debugproxy.config.traefik;

import java.util.ArrayList;
import java.util.List;

/** Names as Traefik's providers derive them. */
public final class TraefikNames {

    private TraefikNames() {
    }

    /**
     * Traefik's {@code provider.Normalize}: every run of characters that are neither letters nor
     * digits becomes one {@code -}, and runs at either end are dropped ({@code /my_app} gives
     * {@code my-app}). Case is kept.
     */
    public static String normalize(String name) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        name.codePoints().forEach(cp -> {
            if (Character.isLetter(cp) || isNumber(cp)) {
                field.appendCodePoint(cp);
            } else if (field.length() > 0) {
                fields.add(field.toString());
                field.setLength(0);
            }
        });
        if (field.length() > 0) {
            fields.add(field.toString());
        }
        return String.join("-", fields);
    }

    // Go's unicode.IsNumber: decimal digits, letter numbers (Roman numerals) and other numbers (superscripts).
    private static boolean isNumber(int cp) {
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }
}
