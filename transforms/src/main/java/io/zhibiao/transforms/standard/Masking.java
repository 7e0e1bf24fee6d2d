package io.zhibiao.transforms.standard;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credit codes out of logs, reports and samples: anything shaped like one — valid or not, a code one
 * character off is still a firm's code — standing on its own in a text is masked after its region part.
 */
public final class Masking {

    private static final Pattern SHAPE =
            Pattern.compile("(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])");

    private Masking() {
    }

    public static String maskCodes(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = SHAPE.matcher(text);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String code = m.group();
            sb.append(text, last, m.start()).append(CreditCode.mask(code));
            last = m.end();
        }
        return sb.append(text.substring(last)).toString();
    }
}
