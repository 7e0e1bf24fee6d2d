package io.zhibiao.transforms.standard;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps credit codes out of logs, reports and samples: any valid code in a text is masked. */
public final class Masking {

    private static final Pattern SHAPE = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{18}");

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
            sb.append(text, last, m.start()).append(CreditCode.isValid(code) ? CreditCode.mask(code) : code);
            last = m.end();
        }
        return sb.append(text.substring(last)).toString();
    }
}
