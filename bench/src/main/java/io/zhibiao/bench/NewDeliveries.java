package io.zhibiao.bench;

import io.zhibiao.transforms.source.ColumnSpec;
import io.zhibiao.transforms.source.SourceRegistry;
import io.zhibiao.transforms.source.SourceSpec;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deliveries the one-new-file rows of the benchmark drop into a refined lake, made from its own landing files so
 * they pass every check, in the source's declared encoding:
 * <pre>
 *   tech-contracts-month --lake DIR   one new month of technology contracts: the last month of the latest year's
 *                                     largest tech_contracts file, under new contract numbers (genuinely new records),
 *                                     in a new period folder landing/tech_contracts/YYYY-MM/
 *   corrected-rd-survey --lake DIR    a corrected R&amp;D survey: the latest year's largest rd_survey file again, in the
 *                                     same period folder, with five enterprises' R&amp;D expenditure raised by 10 %
 *   count-rows --lake DIR             the data rows of every delivered landing file
 * </pre>
 */
public final class NewDeliveries {

    private NewDeliveries() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: NewDeliveries tech-contracts-month|corrected-rd-survey|count-rows --lake DIR");
        }
        Map<String, String> opt = Args.parse(java.util.Arrays.copyOfRange(args, 1, args.length), Set.of("--lake"));
        Path lake = Path.of(Args.require(opt, "--lake")).toAbsolutePath().normalize();
        SourceRegistry registry = SourceRegistry.loadDefault();
        switch (args[0]) {
            case "tech-contracts-month" -> techContractsMonth(lake, registry);
            case "corrected-rd-survey" -> correctedRdSurvey(lake, registry);
            case "count-rows" -> System.out.println(countRows(lake, registry));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static long countRows(Path lake, SourceRegistry registry) throws IOException {
        long rows = 0;
        for (Landing.Delivery d : Landing.deliveries(lake, registry)) {
            rows += Math.max(0, Landing.records(d).size() - 1);
        }
        return rows;
    }

    private static void techContractsMonth(Path lake, SourceRegistry registry) throws IOException {
        SourceSpec source = registry.require("tech_contracts");
        List<Landing.Delivery> all = of(lake, registry, source);
        Landing.Delivery base = largestOfLatestYear(all);
        List<List<String>> records = Landing.records(base);
        List<String> header = records.get(0);
        int no = column(header, source, "contract_no");
        int on = column(header, source, "registered_on");
        String month = records.stream().skip(1).map(r -> r.get(on).trim().substring(0, 7)).max(Comparator.naturalOrder())
                .orElseThrow(() -> new IllegalStateException(base.file() + " has no contract"));
        Set<String> taken = new HashSet<>();
        for (Landing.Delivery d : all) {
            List<List<String>> rs = Landing.records(d);
            int c = column(rs.get(0), source, "contract_no");
            rs.stream().skip(1).forEach(r -> taken.add(r.get(c).trim()));
        }
        List<List<String>> out = new ArrayList<>(List.of(header));
        int serial = 900_000;
        for (List<String> r : records.subList(1, records.size())) {
            if (!r.get(on).trim().startsWith(month)) {
                continue;
            }
            // 合同登记号: year, city, unit (10 digits), then a 6-digit serial; a serial no delivery has used.
            String prefix = r.get(no).trim().substring(0, 10);
            String fresh;
            do {
                fresh = prefix + String.format("%06d", serial++);
            } while (taken.contains(fresh));
            taken.add(fresh);
            List<String> copy = new ArrayList<>(r);
            copy.set(no, fresh);
            out.add(copy);
        }
        Path folder = lake.resolve("landing").resolve(source.landing()).resolve(month);
        if (Files.exists(folder)) {
            throw new IllegalStateException(folder + " exists already: this lake has had its new month");
        }
        Path file = folder.resolve("tech_contracts_" + month + ".csv");
        write(file, out, Landing.charset(base), lineBreak(base));
        System.out.println("wrote " + (out.size() - 1) + " new contracts of " + month + " (from " + lake.relativize(base.file())
                + ", new contract numbers) to " + lake.relativize(file));
    }

    private static void correctedRdSurvey(Path lake, SourceRegistry registry) throws IOException {
        SourceSpec source = registry.require("rd_survey");
        Landing.Delivery base = largestOfLatestYear(of(lake, registry, source));
        List<List<String>> records = Landing.records(base);
        int amount = column(records.get(0), source, "rd_expenditure");
        int code = column(records.get(0), source, "credit_code");
        int rows = records.size() - 1;
        List<String> changed = new ArrayList<>();
        for (int k = 1; k <= 5 && k <= rows; k++) {
            int at = 1 + (int) ((long) (rows - 1) * k / 6);
            List<String> r = new ArrayList<>(records.get(at));
            String v = r.get(amount).trim();
            BigDecimal raised = new BigDecimal(v).multiply(new BigDecimal("1.1"));
            int scale = v.contains(".") ? v.length() - v.indexOf('.') - 1 : 0;
            String nv = raised.setScale(scale, RoundingMode.HALF_UP).toPlainString();
            if (nv.equals(v)) {
                nv = new BigDecimal(v).add(BigDecimal.ONE).toPlainString();
            }
            r.set(amount, nv);
            records.set(at, r);
            changed.add(r.get(code) + " " + v + "→" + nv);
        }
        String name = base.file().getFileName().toString().replaceFirst("\\.csv$", "") + "_corrected.csv";
        Path file = base.file().resolveSibling(name);
        if (Files.exists(file)) {
            throw new IllegalStateException(file + " exists already: this lake has had its correction");
        }
        write(file, records, Landing.charset(base), lineBreak(base));
        System.out.println("wrote " + lake.relativize(file) + ": " + rows + " rows of " + lake.relativize(base.file())
                + ", R&D expenditure (千元) changed for " + changed);
    }

    private static List<Landing.Delivery> of(Path lake, SourceRegistry registry, SourceSpec source) throws IOException {
        List<Landing.Delivery> all = Landing.deliveries(lake, registry).stream().filter(d -> d.source().equals(source)).toList();
        if (all.isEmpty()) {
            throw new IllegalStateException(lake.resolve("landing").resolve(source.landing()) + " holds no delivery");
        }
        return all;
    }

    /** The file with the most bytes among those of the latest yearly period (a city's own file, not a small one). */
    private static Landing.Delivery largestOfLatestYear(List<Landing.Delivery> all) throws IOException {
        String year = all.stream().map(Landing.Delivery::period).filter(p -> p.length() == 4).max(Comparator.naturalOrder())
                .orElseThrow(() -> new IllegalStateException("no yearly period among " + all.size() + " files"));
        Landing.Delivery best = null;
        long size = -1;
        for (Landing.Delivery d : all) {
            if (d.period().equals(year) && Files.size(d.file()) > size) {
                best = d;
                size = Files.size(d.file());
            }
        }
        return best;
    }

    private static int column(List<String> header, SourceSpec source, String name) {
        ColumnSpec c = source.column(name).orElseThrow(() -> new IllegalStateException(source.id() + " declares no " + name));
        String want = Landing.normalisedHeader(c.header());
        for (int i = 0; i < header.size(); i++) {
            if (Landing.normalisedHeader(header.get(i)).equals(want)) {
                return i;
            }
        }
        throw new IllegalStateException("no column " + c.header() + " in the header " + header);
    }

    private static String lineBreak(Landing.Delivery d) throws IOException {
        byte[] head = Files.readAllBytes(d.file());
        for (int i = 0; i < head.length; i++) {
            if (head[i] == '\n') {
                return i > 0 && head[i - 1] == '\r' ? "\r\n" : "\n";
            }
        }
        return "\n";
    }

    private static void write(Path file, List<List<String>> records, Charset cs, String lineBreak) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file, cs)) {
            for (List<String> r : records) {
                for (int i = 0; i < r.size(); i++) {
                    if (i > 0) {
                        w.write(',');
                    }
                    w.write(field(r.get(i)));
                }
                w.write(lineBreak);
            }
        }
    }

    private static String field(String v) {
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
