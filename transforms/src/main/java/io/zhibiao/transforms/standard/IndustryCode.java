package io.zhibiao.transforms.standard;

import java.util.Optional;

/**
 * 国民经济行业分类 (GB/T 4754-2017) class codes as registers deliver them: the section letter and a
 * 4-digit class, e.g. C3451 滚动轴承制造. The first two digits (the division) must fall inside the
 * section's range; that catches most keying errors.
 */
public final class IndustryCode {

    // Section letter → first and last division (大类) number, GB/T 4754-2017.
    private static final int[][] DIVISIONS = new int[26][];

    static {
        section('A', 1, 5);
        section('B', 6, 12);
        section('C', 13, 43);
        section('D', 44, 46);
        section('E', 47, 50);
        section('F', 51, 52);
        section('G', 53, 60);
        section('H', 61, 62);
        section('I', 63, 65);
        section('J', 66, 69);
        section('K', 70, 70);
        section('L', 71, 72);
        section('M', 73, 75);
        section('N', 76, 79);
        section('O', 80, 82);
        section('P', 83, 83);
        section('Q', 84, 85);
        section('R', 86, 90);
        section('S', 91, 96);
        section('T', 97, 97);
    }

    private static void section(char letter, int first, int last) {
        DIVISIONS[letter - 'A'] = new int[] {first, last};
    }

    private IndustryCode() {
    }

    public static Optional<String> problem(String code) {
        if (code == null || code.length() != 5) {
            return Optional.of("must be a section letter and 4 digits, e.g. C3451");
        }
        char section = code.charAt(0);
        if (section < 'A' || section > 'Z' || DIVISIONS[section - 'A'] == null) {
            return Optional.of("section '" + section + "' does not exist in GB/T 4754-2017 (A-T)");
        }
        for (int i = 1; i < 5; i++) {
            if (!Character.isDigit(code.charAt(i))) {
                return Optional.of("must be a section letter and 4 digits, e.g. C3451");
            }
        }
        int division = Integer.parseInt(code.substring(1, 3));
        int[] range = DIVISIONS[section - 'A'];
        if (division < range[0] || division > range[1]) {
            return Optional.of(String.format("division %02d is not in section %c (%02d-%02d)", division, section,
                    range[0], range[1]));
        }
        return Optional.empty();
    }
}
