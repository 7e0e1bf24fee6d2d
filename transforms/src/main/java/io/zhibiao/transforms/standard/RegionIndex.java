package io.zhibiao.transforms.standard;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The region list with validity periods (GB/T 2260 codes plus declared codes for functional zones), as the
 * silver {@code region} table holds it. Answers whether a code is valid on a date and which code it is on
 * today's boundaries (吉利区 410306 → 孟津区 410308 from 2021).
 */
public final class RegionIndex implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One validity period of a code. {@code validTo} is the last day it was valid, or null if still valid. */
    public record Period(String code, String name, String kind, LocalDate validFrom, LocalDate validTo,
                         String successor) implements Serializable {
        boolean covers(LocalDate d) {
            return !d.isBefore(validFrom) && (validTo == null || !d.isAfter(validTo));
        }
    }

    private final Map<String, List<Period>> byCode = new HashMap<>();

    public RegionIndex(List<Period> periods) {
        for (Period p : periods) {
            byCode.computeIfAbsent(p.code(), k -> new ArrayList<>()).add(p);
        }
        byCode.values().forEach(l -> l.sort(java.util.Comparator.comparing(Period::validFrom)));
    }

    public boolean isEmpty() {
        return byCode.isEmpty();
    }

    /** Why {@code code} cannot be used on {@code date}, or empty when it can. */
    public Optional<String> problem(String code, LocalDate date) {
        List<Period> periods = byCode.get(code);
        if (periods == null) {
            return Optional.of("区划代码 " + code + " 不在区划名录中 (unknown region code)");
        }
        if (date == null) {
            return Optional.empty();
        }
        for (Period p : periods) {
            if (p.covers(date)) {
                return Optional.empty();
            }
        }
        Period last = periods.get(periods.size() - 1);
        StringBuilder sb = new StringBuilder("区划代码 ").append(code).append("（").append(last.name()).append("）");
        if (date.isBefore(last.validFrom())) {
            sb.append(" 自 ").append(last.validFrom()).append(" 起才启用，记录日期为 ").append(date);
        } else {
            sb.append(" 已于 ").append(last.validTo()).append(" 停用，记录日期为 ").append(date);
            if (last.successor() != null) {
                sb.append("；应使用 ").append(last.successor()).append(nameOf(last.successor()).map(n -> "（" + n + "）").orElse(""));
            }
        }
        return Optional.of(sb.toString());
    }

    /** The code on current boundaries: follows successors of retired codes; unknown codes map to themselves. */
    public String current(String code) {
        String c = code;
        for (int hops = 0; hops < 10; hops++) {
            List<Period> periods = byCode.get(c);
            if (periods == null) {
                return c;
            }
            Period last = periods.get(periods.size() - 1);
            if (last.validTo() == null || last.successor() == null) {
                return c;
            }
            c = last.successor();
        }
        throw new IllegalStateException("region successors of " + code + " form a loop");
    }

    public Optional<String> nameOf(String code) {
        List<Period> periods = byCode.get(code);
        return periods == null ? Optional.empty() : Optional.of(periods.get(periods.size() - 1).name());
    }
}
