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

/** The calibration of a sample city: its regions, reporting units and city series (see luoyang.yaml). */
public record CityProfile(
        City city,
        String boundaryChange,
        List<Region> regions,
        List<Unit> units,
        Map<String, TreeMap<Integer, Long>> zoneCounts,
        Map<String, TreeMap<Integer, BigDecimal>> series) {

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

    private void validate(String resource) {
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
