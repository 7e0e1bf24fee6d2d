package io.zhibiao.transforms.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The generic refinement rules (rules.yaml): what each checks and what a statistician should do. */
public final class RuleCatalog {

    public static final String DEFAULT_RESOURCE = "zhibiao/rules.yaml";

    public record Rule(String id, String name, String en, String remedy) {
    }

    record Document(List<Rule> rules) {
    }

    private final Map<String, Rule> rules;

    private RuleCatalog(Map<String, Rule> rules) {
        this.rules = rules;
    }

    public static RuleCatalog loadDefault() {
        try (InputStream in = RuleCatalog.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new CatalogException(DEFAULT_RESOURCE, null, "not found on the class path");
            }
            Document doc = SourceRegistry.yamlMapper().readValue(in, Document.class);
            Map<String, Rule> byId = new LinkedHashMap<>();
            for (Rule r : doc.rules()) {
                if (r.id() == null || !r.id().startsWith("ZB-") || r.name() == null || r.remedy() == null) {
                    throw new CatalogException(DEFAULT_RESOURCE, "rule " + r.id(), "needs an id starting ZB-, a name and a remedy");
                }
                if (byId.put(r.id(), r) != null) {
                    throw new CatalogException(DEFAULT_RESOURCE, "rule " + r.id(), "is declared twice");
                }
            }
            return new RuleCatalog(byId);
        } catch (IOException e) {
            throw new CatalogException(DEFAULT_RESOURCE, null, "is not a valid rule catalog: " + e.getMessage(), e);
        }
    }

    public Optional<Rule> find(String id) {
        return Optional.ofNullable(rules.get(id));
    }

    public List<Rule> all() {
        return List.copyOf(rules.values());
    }
}
