#include "core/search/search_space.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/common/error.h"

namespace persona::search {

namespace {

double clamp01(double v) { return std::isfinite(v) ? std::clamp(v, 0.0, 1.0) : 0.0; }

void checkDimension(const Point& x, int dimension, const char* where)
{
    if (static_cast<int>(x.size()) != dimension)
        throw ShapeError(std::string(where) + ": point has " + std::to_string(x.size()) + " coordinates, the space has " +
                         std::to_string(dimension));
}

} // namespace

// ---- BoxSpace --------------------------------------------------------------------------------

BoxSpace::BoxSpace(int dimension) : m_dimension(dimension)
{
    if (dimension < 1)
        throw ConfigError("BoxSpace: dimension must be >= 1, got " + std::to_string(dimension));
}

Point BoxSpace::sample(SearchRng& rng) const
{
    Point x(static_cast<std::size_t>(m_dimension));
    for (double& v : x)
        v = rng.uniform();
    return x;
}

Point BoxSpace::mutate(const Point& x, SearchRng& rng, double scale) const
{
    checkDimension(x, m_dimension, "BoxSpace::mutate");
    // Perturb each coordinate with probability min(1, 4/d) (at least one), as in BoTorch's
    // sample-around-best, so that moves stay axis-aligned enough to exploit a sparse structure.
    const double p = std::min(1.0, 4.0 / m_dimension);
    Point y = x;
    bool moved = false;
    for (int i = 0; i < m_dimension; ++i) {
        if (rng.uniform() < p) {
            y[static_cast<std::size_t>(i)] = clamp01(y[static_cast<std::size_t>(i)] + scale * rng.normal());
            moved = true;
        }
    }
    if (!moved) {
        const auto i = static_cast<std::size_t>(rng.belowInt(m_dimension));
        y[i] = clamp01(y[i] + scale * rng.normal());
    }
    return y;
}

Point BoxSpace::snap(const Point& x) const
{
    checkDimension(x, m_dimension, "BoxSpace::snap");
    Point y = x;
    for (double& v : y)
        v = clamp01(v);
    return y;
}

std::string BoxSpace::describe(const Point& x) const
{
    std::string s = "[";
    char buf[32];
    for (std::size_t i = 0; i < x.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%s%.4f", i ? ", " : "", x[i]);
        s += buf;
    }
    return s + "]";
}

// ---- MilpSpace -------------------------------------------------------------------------------

MilpSpace::MilpSpace(MilpSpaceOptions options) : m_options(std::move(options))
{
    const auto& o = m_options;
    if (!o.searchLayers && !o.searchCount && !o.searchRank)
        throw ConfigError("MiLP search space: empty (no factor searched: layers, count and rank are all fixed)");
    if (o.layerCount < 1)
        throw ConfigError("MiLP search space: layerCount must be >= 1, got " + std::to_string(o.layerCount));
    if (o.countMin < 0 || o.countMax < o.countMin)
        throw ConfigError("MiLP search space: LoRA count range [" + std::to_string(o.countMin) + ", " +
                          std::to_string(o.countMax) + "] is empty or negative");
    if (o.ranks.empty())
        throw ConfigError("MiLP search space: the rank set is empty");
    for (std::size_t i = 0; i < o.ranks.size(); ++i) {
        if (o.ranks[i] < 1 || (i > 0 && o.ranks[i] <= o.ranks[i - 1]))
            throw ConfigError("MiLP search space: ranks must be positive and strictly ascending, rank[" +
                              std::to_string(i) + "] = " + std::to_string(o.ranks[i]));
    }
    // The fixed values of factors that are not searched must be members of the space.
    if (!o.searchLayers || !o.searchCount || !o.searchRank) {
        MilpConfig probe = o.fixed;
        if (o.searchLayers)
            probe.activeLayers.assign(static_cast<std::size_t>(o.layerCount), true);
        if (o.searchCount)
            probe.loraCount = o.countMin;
        if (o.searchRank)
            probe.rank = o.ranks.front();
        validate(probe);
    }
    m_dimension = (o.searchLayers ? o.layerCount : 0) + (o.searchCount ? 1 : 0) + (o.searchRank ? 1 : 0);
}

void MilpSpace::validate(const MilpConfig& c) const
{
    const auto& o = m_options;
    if (static_cast<int>(c.activeLayers.size()) != o.layerCount)
        throw ConfigError("MiLP configuration: " + std::to_string(c.activeLayers.size()) +
                          " layer flags for a decoder of " + std::to_string(o.layerCount) + " layers");
    if (std::none_of(c.activeLayers.begin(), c.activeLayers.end(), [](bool b) { return b; }))
        throw ConfigError("MiLP configuration: no active layer");
    if (c.loraCount < o.countMin || c.loraCount > o.countMax)
        throw ConfigError("MiLP configuration: LoRA count " + std::to_string(c.loraCount) + " outside [" +
                          std::to_string(o.countMin) + ", " + std::to_string(o.countMax) + "]");
    if (std::find(o.ranks.begin(), o.ranks.end(), c.rank) == o.ranks.end())
        throw ConfigError("MiLP configuration: rank " + std::to_string(c.rank) + " is not in the rank set");
}

Point MilpSpace::encode(const MilpConfig& c) const
{
    validate(c);
    const auto& o = m_options;
    Point x;
    x.reserve(static_cast<std::size_t>(m_dimension));
    if (o.searchLayers) {
        for (bool b : c.activeLayers)
            x.push_back(b ? 1.0 : 0.0);
    }
    if (o.searchCount)
        x.push_back(o.countMax == o.countMin ? 0.0 : double(c.loraCount - o.countMin) / double(o.countMax - o.countMin));
    if (o.searchRank) {
        const auto idx = std::find(o.ranks.begin(), o.ranks.end(), c.rank) - o.ranks.begin();
        x.push_back(o.ranks.size() == 1 ? 0.0 : double(idx) / double(o.ranks.size() - 1));
    }
    return x;
}

MilpConfig MilpSpace::decode(const Point& x) const
{
    checkDimension(x, m_dimension, "MilpSpace::decode");
    const auto& o = m_options;
    MilpConfig c = o.fixed;
    std::size_t k = 0;
    if (o.searchLayers) {
        c.activeLayers.assign(static_cast<std::size_t>(o.layerCount), false);
        std::size_t best = 0; // layer flags come first in the encoding: flag i is x[i]
        for (std::size_t i = 0; i < c.activeLayers.size(); ++i, ++k) {
            c.activeLayers[i] = clamp01(x[i]) >= 0.5;
            if (clamp01(x[i]) > clamp01(x[best]))
                best = i;
        }
        // No flag set: the most nearly active layer becomes active, so every decode is valid.
        if (std::none_of(c.activeLayers.begin(), c.activeLayers.end(), [](bool b) { return b; }))
            c.activeLayers[best] = true;
    }
    if (o.searchCount)
        c.loraCount = o.countMin + static_cast<int>(std::lround(clamp01(x[k++]) * (o.countMax - o.countMin)));
    if (o.searchRank) {
        const auto last = static_cast<double>(o.ranks.size() - 1);
        c.rank = o.ranks[static_cast<std::size_t>(std::lround(clamp01(x[k++]) * last))];
    }
    return c;
}

Point MilpSpace::snap(const Point& x) const { return encode(decode(x)); }

MilpConfig MilpSpace::sampleConfig(SearchRng& rng) const
{
    const auto& o = m_options;
    MilpConfig c = o.fixed;
    if (o.searchLayers) {
        c.activeLayers.assign(static_cast<std::size_t>(o.layerCount), false);
        // Each layer active with probability 1/2, redrawn until at least one is (uniform over the
        // valid layer sets).
        while (std::none_of(c.activeLayers.begin(), c.activeLayers.end(), [](bool b) { return b; })) {
            for (std::size_t i = 0; i < c.activeLayers.size(); ++i)
                c.activeLayers[i] = (rng.next() >> 63) != 0;
        }
    }
    if (o.searchCount)
        c.loraCount = o.countMin + rng.belowInt(o.countMax - o.countMin + 1);
    if (o.searchRank)
        c.rank = o.ranks[static_cast<std::size_t>(rng.belowInt(static_cast<int>(o.ranks.size())))];
    return c;
}

Point MilpSpace::sample(SearchRng& rng) const { return encode(sampleConfig(rng)); }

Point MilpSpace::mutate(const Point& x, SearchRng& rng, double scale) const
{
    const auto& o = m_options;
    MilpConfig c = decode(x);
    std::vector<int> factors;
    if (o.searchLayers)
        factors.push_back(0);
    if (o.searchCount && o.countMax > o.countMin)
        factors.push_back(1);
    if (o.searchRank && o.ranks.size() > 1)
        factors.push_back(2);
    if (factors.empty())
        return encode(c);
    // One factor moves; with a large scale sometimes a second one too.
    const int moves = (scale > 0.5 && rng.uniform() < 0.5) ? 2 : 1;
    for (int m = 0; m < moves; ++m) {
        switch (factors[static_cast<std::size_t>(rng.belowInt(static_cast<int>(factors.size())))]) {
        case 0: { // flip 1..(1 + 3*scale) layer flags, keeping at least one active
            const int flips = 1 + rng.belowInt(1 + static_cast<int>(3.0 * scale));
            for (int f = 0; f < flips; ++f) {
                const auto i = static_cast<std::size_t>(rng.belowInt(o.layerCount));
                c.activeLayers[i] = !c.activeLayers[i];
            }
            if (std::none_of(c.activeLayers.begin(), c.activeLayers.end(), [](bool b) { return b; }))
                c.activeLayers[static_cast<std::size_t>(rng.belowInt(o.layerCount))] = true;
            break;
        }
        case 1: { // count step of 1..(1 + scale * range / 4)
            const int span = 1 + static_cast<int>(scale * (o.countMax - o.countMin) / 4.0);
            const int step = 1 + rng.belowInt(span);
            c.loraCount = std::clamp(c.loraCount + ((rng.next() >> 63) ? step : -step), o.countMin, o.countMax);
            break;
        }
        default: { // rank one step up or down the set
            auto idx = static_cast<int>(std::find(o.ranks.begin(), o.ranks.end(), c.rank) - o.ranks.begin());
            idx = std::clamp(idx + ((rng.next() >> 63) ? 1 : -1), 0, static_cast<int>(o.ranks.size()) - 1);
            c.rank = o.ranks[static_cast<std::size_t>(idx)];
            break;
        }
        }
    }
    return encode(c);
}

std::string MilpSpace::describe(const Point& x) const { return describeConfig(decode(x)); }

std::string describeConfig(const MilpConfig& c)
{
    std::string layers;
    for (std::size_t i = 0; i < c.activeLayers.size(); ++i) {
        if (!c.activeLayers[i])
            continue;
        if (!layers.empty())
            layers += ',';
        layers += std::to_string(i);
    }
    return "layers {" + layers + "} count " + std::to_string(c.loraCount) + " rank " + std::to_string(c.rank);
}

} // namespace persona::search
