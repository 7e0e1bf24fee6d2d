package io.zhibiao.sample;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The calibration of a sample city: its regions, reporting units, local facts (institutions, industries,
 * numbering) and city series (see luoyang.yaml, xinxiang.yaml). Everything city-specific lives here, so a
 * new city is a new yaml file, not new code.
 */
public record CityProfile(
        City city,
        String tag,
        String namePrefix,
        String zone,
        Integer momentumFrom,
        String boundaryChange,
        Numbering numbering,
        List<Region> regions,
        List<Unit> units,
        List<InstitutionSpec> institutions,
        List<Industry> industries,
        List<BuyerRegion> buyerRegions,
        Map<String, TreeMap<Integer, Long>> zoneCounts,
        Map<String, TreeMap<Integer, BigDecimal>> series) {

    /**
     * Where this city's numbers start in registers shared with other cities: the platform-id prefix, and the
     * offsets of 高新技术企业 certificate serials and patent application serials (nation- or province-wide).
     */
    public record Numbering(String platformPrefix, int certificateSerialFrom, int patentSerialFrom) {
    }

    /** A university or research institute: it performs R&D, holds patents, sells contracts, hosts platforms. */
    public record InstitutionSpec(String name, String type, String unit, double weight) {
    }

    /** A GB/T 4754 class firms are registered in, the word their names carry, and whether it is technology. */
    public record Industry(String code, String word, boolean tech) {
    }

    /** Where technology buyers outside the city are. */
    public record BuyerRegion(String code, String name) {
    }

    public record City(String code, String name, String parent, int firstYear, int lastYear) {
    }

    public record Region(String code, String name, String kind, String parent, String from, String to,
                         String successor, String host) {
        public LocalDate validFrom() {
            return LocalDate.parse(from);
        }

        /** Last day the code was valid, or null while it still is. */
        public LocalDate validTo() {
            return to == null ? null : LocalDate.parse(to);
        }
    }

    public record Legacy(String code, double share) {
    }

    public record Unit(String code, double econ, double pop, double innov, double hightech, double momentum,
                       List<Legacy> legacy) {
        public List<Legacy> legacyOrEmpty() {
            return legacy == null ? List.of() : legacy;
        }
    }

    public static CityProfile load(String resource) {
        try (InputStream in = CityProfile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no city profile " + resource + " on the class path");
            }
            CityProfile p = JsonMapper.builder(new YAMLFactory())
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build()
                    .readValue(in, CityProfile.class);
            p.validate(resource);
            return p;
        } catch (IOException e) {
            throw new IllegalArgumentException(resource + " is not a valid city profile: " + e.getMessage(), e);
        }
    }

    public static CityProfile luoyang() {
        return load("zhibiao/sample/luoyang.yaml");
    }

    /** The bundled Xinxiang (新乡) profile, 2016–2021. */
    public static CityProfile xinxiang() {
        return load("zhibiao/sample/xinxiang.yaml");
    }

    private void validate(String resource) {
        require(resource, "city", city);
        require(resource, "name_prefix", namePrefix);
        require(resource, "zone", zone);
        require(resource, "momentum_from", momentumFrom);
        require(resource, "boundary_change", boundaryChange);
        require(resource, "numbering", numbering);
        require(resource, "institutions", institutions);
        require(resource, "industries", industries);
        require(resource, "buyer_regions", buyerRegions);
        if (tag != null && !tag.matches("[0-9A-Za-z]+")) {
            throw new IllegalArgumentException(resource + ": tag '" + tag + "' must be letters and digits (it goes into file names)");
        }
        if (units.stream().noneMatch(u -> u.code().equals(zone))) {
            throw new IllegalArgumentException(resource + ": zone " + zone + " is not a unit");
        }
        for (InstitutionSpec i : institutions) {
            if (units.stream().noneMatch(u -> u.code().equals(i.unit()))) {
                throw new IllegalArgumentException(resource + ": institution " + i.name() + " is in " + i.unit()
                        + ", which is not a unit");
            }
        }
        if (industries.stream().noneMatch(Industry::tech) || industries.stream().allMatch(Industry::tech)) {
            throw new IllegalArgumentException(resource + ": industries need both technology and other classes");
        }
        for (Unit u : units) {
            if (regions.stream().noneMatch(r -> r.code().equals(u.code()))) {
                throw new IllegalArgumentException(resource + ": unit " + u.code() + " is not in regions");
            }
        }
        for (var e : series.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException(resource + ": series " + e.getKey() + " is empty");
            }
        }
    }

    private static void require(String resource, String field, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(resource + ": " + field + " is missing");
        }
    }

    /** Whether the profile declares a series at all (optional sources are generated only when it does). */
    public boolean has(String name) {
        return series.containsKey(name);
    }

    public LocalDate boundaryChangeDate() {
        return LocalDate.parse(boundaryChange);
    }

    /** A series value for a year; fails loudly for a year the profile does not define. */
    public BigDecimal value(String name, int year) {
        TreeMap<Integer, BigDecimal> s = series.get(name);
        if (s == null || !s.containsKey(year)) {
            throw new IllegalArgumentException("series " + name + " has no value for " + year);
        }
        return s.get(year);
    }

    /** The value for a year, or 0 when the series starts later. */
    public BigDecimal valueOrZero(String name, int year) {
        TreeMap<Integer, BigDecimal> s = series.get(name);
        return s != null && s.containsKey(year) ? s.get(year) : BigDecimal.ZERO;
    }

    public Region region(String code) {
        return regions.stream().filter(r -> r.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no region " + code));
    }
}
