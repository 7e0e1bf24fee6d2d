package io.zhibiao.indicators.compute;

import java.util.List;
import java.util.Optional;

/**
 * A city and the reporting units it is published for, on current boundaries: counties, districts and
 * functional zones, each exactly once, so unit values add up to the city.
 */
public record CityRegions(Region city, List<Region> units) {

    public record Region(String code, String name, String kind) {
    }

    public boolean isUnit(String code) {
        return units.stream().anyMatch(u -> u.code().equals(code));
    }

    public Optional<Region> find(String code) {
        if (city.code().equals(code)) {
            return Optional.of(city);
        }
        return units.stream().filter(u -> u.code().equals(code)).findFirst();
    }
}
