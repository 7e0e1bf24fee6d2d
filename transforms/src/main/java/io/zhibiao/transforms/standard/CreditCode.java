package io.zhibiao.transforms.standard;

import java.util.Optional;

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters — registration authority (1), entity category (1),
 * registering authority's region code (6, GB/T 2260), organisation code (9, GB 11714 with its own
 * check character) and a check character over the first 17.
 *
 * <p>The code alphabet leaves out I, O, S, V and Z, so it has 31 characters whose values are their
 * positions; the weight of position i (1-based) is 3^(i-1) mod 31.
 */
public final class CreditCode {

    /** The 31 characters of the alphabet, in value order. */
    static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = new int[17];
    private static final int[] ORG_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

    static {
        int w = 1;
        for (int i = 0; i < 17; i++) {
            WEIGHTS[i] = w;
            w = (w * 3) % 31;
        }
    }

    private CreditCode() {
    }

    /** The check character (18th) for the first 17 characters. */
    public static char checkCharacter(CharSequence first17) {
        if (first17.length() != 17) {
            throw new IllegalArgumentException("need 17 characters, got " + first17.length());
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = ALPHABET.indexOf(first17.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("character '" + first17.charAt(i) + "' at position " + (i + 1)
                        + " is not in the GB 32100 alphabet");
            }
            sum += v * WEIGHTS[i];
        }
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }

    /**
     * The check character (9th) of the 8-character body of an organisation code (GB 11714-1997):
     * C9 = 11 − Σ(Ci·Wi) mod 11, written X for 10 and 0 for 11.
     */
    public static char organisationCheckCharacter(CharSequence body8) {
        if (body8.length() != 8) {
            throw new IllegalArgumentException("need 8 characters, got " + body8.length());
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            char c = body8.charAt(i);
            int v;
            if (c >= '0' && c <= '9') {
                v = c - '0';
            } else if (c >= 'A' && c <= 'Z') {
                v = c - 'A' + 10;
            } else {
                throw new IllegalArgumentException("character '" + c + "' is not a digit or capital letter");
            }
            sum += v * ORG_WEIGHTS[i];
        }
        int c9 = 11 - sum % 11;
        return c9 == 10 ? 'X' : c9 == 11 ? '0' : (char) ('0' + c9);
    }

    /** Builds a full code from its first 16 characters plus the organisation body's check, then the 18th. */
    public static String complete(String authority, String category, String region6, String orgBody8) {
        String first17 = authority + category + region6 + orgBody8 + organisationCheckCharacter(orgBody8);
        return first17 + checkCharacter(first17);
    }

    /**
     * Why {@code code} is not a valid credit code, or empty when it is. Checks length, alphabet,
     * the region part's shape and the GB 32100 check character.
     */
    public static Optional<String> problem(String code) {
        if (code == null || code.isEmpty()) {
            return Optional.of("is empty");
        }
        if (code.length() != 18) {
            return Optional.of("has " + code.length() + " characters, a credit code has 18");
        }
        for (int i = 0; i < 18; i++) {
            if (ALPHABET.indexOf(code.charAt(i)) < 0) {
                return Optional.of("character '" + code.charAt(i) + "' at position " + (i + 1)
                        + " is not allowed (GB 32100 uses 0-9 and capitals without I, O, S, V, Z)");
            }
        }
        for (int i = 2; i < 8; i++) {
            if (!Character.isDigit(code.charAt(i))) {
                return Optional.of("positions 3-8 must be a 6-digit region code");
            }
        }
        char expected = checkCharacter(code.substring(0, 17));
        if (code.charAt(17) != expected) {
            return Optional.of("check character is '" + code.charAt(17) + "', GB 32100 gives '" + expected + "'");
        }
        return Optional.empty();
    }

    public static boolean isValid(String code) {
        return problem(code).isEmpty();
    }

    /** Masks a code for logs and reports: only the authority, category and region part stay readable. */
    public static String mask(String code) {
        if (code == null) {
            return "null";
        }
        int keep = Math.min(8, code.length());
        return code.substring(0, keep) + "*".repeat(Math.max(0, code.length() - keep));
    }
}
