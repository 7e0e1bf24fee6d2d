package io.zhibiao.sample;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Faulty deliveries for a generated sample lake, for demonstrating and testing the quality gate:
 * <ol>
 *   <li>next year's tax export with only every second return (the gate blocks: QC-ANOM-TAX-ROWS);</li>
 *   <li>a corrected R&D survey of the last year that triples 涧西区's expenditure (a warning: QC-ANOM-RD-COUNTY);</li>
 *   <li>late contract registrations whose sellers' credit codes carry a wrong check character (quarantined; the
 *       share of the batch blocks: QC-QUARANTINE-SHARE).</li>
 * </ol>
 */
public final class SampleFaults {

    private static final Charset GBK = Charset.forName("GBK");

    private SampleFaults() {
    }

    /** Writes the three faulty files into {@code lake}/landing; returns them. */
    public static List<Path> injectThree(Path lake, int lastYear) throws IOException {
        Path landing = lake.resolve("landing");
        List<Path> out = new ArrayList<>();

        List<String> tax = Files.readAllLines(landing.resolve("tax_returns/" + lastYear + "/cit_annual_" + lastYear + ".csv"), GBK);
        List<String> half = new ArrayList<>(List.of(tax.get(0)));
        for (int i = 1; i < tax.size(); i += 2) {
            String[] f = tax.get(i).split(",", -1);
            f[2] = String.valueOf(lastYear + 1);
            half.add(String.join(",", f));
        }
        out.add(write(landing.resolve("tax_returns/" + (lastYear + 1) + "/cit_annual_" + (lastYear + 1) + ".csv"), half, GBK, "\r\n"));

        List<String> rd = Files.readAllLines(landing.resolve("rd_survey/" + lastYear + "/rd_survey_" + lastYear + ".csv"),
                StandardCharsets.UTF_8);
        List<String> tripled = new ArrayList<>(List.of(rd.get(0)));
        for (String line : rd.subList(1, rd.size())) {
            String[] f = line.split(",", -1);
            if (f[3].equals("410305")) {
                f[5] = String.valueOf(Long.parseLong(f[5]) * 3);
                tripled.add(String.join(",", f));
            }
        }
        out.add(write(landing.resolve("rd_survey/" + lastYear + "/rd_survey_" + lastYear + "_corrected.csv"), tripled,
                StandardCharsets.UTF_8, "\n"));

        List<String> contracts = Files.readAllLines(landing.resolve("tech_contracts/" + lastYear + "/tech_contracts_" + lastYear
                + ".csv"), StandardCharsets.UTF_8);
        List<String> late = new ArrayList<>(List.of(contracts.get(0)));
        for (int i = 1; i < Math.min(contracts.size(), 21); i++) {
            String[] f = contracts.get(i).split(",", -1);
            f[0] = f[0].substring(0, 10) + String.format("%06d", 990_000 + i);
            char check = f[3].charAt(17);
            f[3] = f[3].substring(0, 17) + (check == '0' ? '1' : '0');
            late.add(String.join(",", f));
        }
        out.add(write(landing.resolve("tech_contracts/" + lastYear + "/tech_contracts_" + lastYear + "_late.csv"), late,
                StandardCharsets.UTF_8, "\n"));
        return out;
    }

    private static Path write(Path p, List<String> lines, Charset cs, String eol) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, String.join(eol, lines) + eol, cs);
        return p;
    }
}
