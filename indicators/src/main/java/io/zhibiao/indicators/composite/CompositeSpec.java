package io.zhibiao.indicators.composite;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.zhibiao.indicators.catalog.Indicator;
import io.zhibiao.indicators.catalog.IndicatorCatalog;
import io.zhibiao.transforms.source.CatalogException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The composite index declaration (composite.yaml), validated against the indicator catalog when loaded. */
public record CompositeSpec(String id, String nameZh, String nameEn, Normalisation normalisation,
                            Normalisation alternative, String missing, double minWeight, List<Component> indicators) {

    public static final String DEFAULT_RESOURCE = "zhibiao/composite.yaml";

    public enum Normalisation { MIN_MAX, Z_SCORE }

    public record Component(String id, double weight) {
    }

    public double totalWeight() {
        return indicators.stream().mapToDouble(Component::weight).sum();
    }

    public static CompositeSpec loadDefault(IndicatorCatalog catalog) {
        try (InputStream in = CompositeSpec.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new CatalogException(DEFAULT_RESOURCE, null, "not found on the class path");
            }
            return parse(DEFAULT_RESOURCE, in, catalog);
        } catch (IOException e) {
            throw new CatalogException(DEFAULT_RESOURCE, null, "cannot be read: " + e.getMessage(), e);
        }
    }

    public static CompositeSpec load(Path path, IndicatorCatalog catalog) {
        try (InputStream in = Files.newInputStream(path)) {
            return parse(path.toString(), in, catalog);
        } catch (IOException e) {
            throw new CatalogException(path.toString(), null, "cannot be read: " + e.getMessage(), e);
        }
    }

    public static CompositeSpec parse(String file, InputStream in, IndicatorCatalog catalog) {
        CompositeSpec s;
        try {
            s = JsonMapper.builder(new YAMLFactory()).propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                    .readValue(in, CompositeSpec.class);
        } catch (IOException e) {
            throw new CatalogException(file, null, "is not a valid composite index declaration: " + e.getMessage(), e);
        }
        if (s == null || s.id() == null || s.nameZh() == null || s.nameEn() == null) {
            throw new CatalogException(file, null, "needs id, name_zh and name_en");
        }
        if (s.normalisation() == null || s.alternative() == null || s.normalisation() == s.alternative()) {
            throw new CatalogException(file, "normalisation", "needs normalisation and a different alternative "
                    + "(min_max, z_score) for the sensitivity check");
        }
        if (!"reweight".equals(s.missing())) {
            throw new CatalogException(file, "missing", "the only missing-data rule implemented is 'reweight'");
        }
        if (!(s.minWeight() > 0 && s.minWeight() <= 1)) {
            throw new CatalogException(file, "min_weight", "must be in (0, 1]");
        }
        if (s.indicators() == null || s.indicators().size() < 2) {
            throw new CatalogException(file, "indicators", "a composite needs at least two indicators");
        }
        Set<String> seen = new HashSet<>();
        for (Component c : s.indicators()) {
            String entry = "indicator '" + c.id() + "'";
            Indicator ind = catalog.find(c.id()).orElseThrow(() -> new CatalogException(file, entry,
                    "is not declared in " + catalog.file()));
            if (!ind.hasSource() || !ind.publishedFor("county")) {
                throw new CatalogException(file, entry, "has no source or is not published for counties");
            }
            if (!(c.weight() > 0)) {
                throw new CatalogException(file, entry, "weight must be positive");
            }
            if (!seen.add(c.id())) {
                throw new CatalogException(file, entry, "is listed twice");
            }
        }
        return new CompositeSpec(s.id(), s.nameZh(), s.nameEn(), s.normalisation(), s.alternative(), s.missing(),
                s.minWeight(), List.copyOf(s.indicators()));
    }
}
