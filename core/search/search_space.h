// Search spaces for the Bayesian-optimisation search: every point is encoded in [0,1]^d for the
// Gaussian process. BoxSpace is the continuous unit box (synthetic tests); MilpSpace is the MiLP
// memory-injection space of the paper's Table 2 (layer flags, LoRA count, rank). Leaves out what a
// configuration means for training (the MiLP method maps count and rank onto LoRA modules).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/search/search_rng.h"

namespace persona::search {

using Point = std::vector<double>; // an encoded point in [0,1]^d

// A space the optimiser can sample, mutate and describe. Every Point it returns is valid and
// encoded; snap() maps any vector in [0,1]^d to the nearest valid encoded point.
class SearchSpace {
public:
    virtual ~SearchSpace() = default;
    virtual int dimension() const = 0;
    // A uniformly random valid point.
    virtual Point sample(SearchRng& rng) const = 0;
    // A random local move from `x` (a neighbour of it); `scale` in (0,1] says how far to go.
    virtual Point mutate(const Point& x, SearchRng& rng, double scale) const = 0;
    virtual Point snap(const Point& x) const = 0;
    // One-line human-readable description for logs and JSON.
    virtual std::string describe(const Point& x) const = 0;
    // Whether the space is discrete (then the optimiser never proposes a point already tried).
    virtual bool isDiscrete() const = 0;
};

// The continuous box [0,1]^d. Mutations move a random subset of coordinates by a Gaussian step.
class BoxSpace : public SearchSpace {
public:
    // Throws ConfigError when dimension < 1.
    explicit BoxSpace(int dimension);
    int dimension() const override { return m_dimension; }
    Point sample(SearchRng& rng) const override;
    Point mutate(const Point& x, SearchRng& rng, double scale) const override;
    Point snap(const Point& x) const override;
    std::string describe(const Point& x) const override;
    bool isDiscrete() const override { return false; }

private:
    int m_dimension;
};

// One MiLP configuration: which decoder layers are active, how many LoRA modules and their rank.
struct MilpConfig {
    std::vector<bool> activeLayers; // one flag per decoder layer
    int loraCount = 1;
    int rank = 8;
    bool operator==(const MilpConfig& other) const = default;
};

// The factors of the MiLP space and which of them are searched (the paper's Table 5 ablation fixes
// the others). A fixed factor takes its value from `fixed` and has no coordinate in the encoding.
struct MilpSpaceOptions {
    int layerCount = 30;                     // decoder depth (SmolLM2-135M: 30)
    int countMin = 1, countMax = 32;         // LoRA count range, inclusive (paper: 0 ~ 32; 0 is no memory)
    std::vector<int> ranks{8, 16, 32, 64, 96}; // the rank set, ascending
    bool searchLayers = true, searchCount = true, searchRank = true;
    MilpConfig fixed;                        // values of the factors that are not searched
};

// Encoding, in this order: the searched layer flags (0/1), the count scaled to [0,1] over
// [countMin, countMax], the rank's index in `ranks` scaled to [0,1]. Valid configurations have at
// least one active layer.
class MilpSpace : public SearchSpace {
public:
    // Throws ConfigError for an empty search space (no factor searched), a layer count below 1, an
    // empty, unsorted or non-positive rank set, an inverted or negative count range, or a fixed
    // value outside its range (rank not in the set, wrong layer-flag count, no active layer).
    explicit MilpSpace(MilpSpaceOptions options);

    int dimension() const override { return m_dimension; }
    Point sample(SearchRng& rng) const override;
    Point mutate(const Point& x, SearchRng& rng, double scale) const override;
    Point snap(const Point& x) const override;
    std::string describe(const Point& x) const override;
    bool isDiscrete() const override { return true; }

    // Throws ConfigError when `config` is outside the space (what and where in the message).
    Point encode(const MilpConfig& config) const;
    // Snaps then decodes; throws ShapeError when x has the wrong dimension.
    MilpConfig decode(const Point& x) const;
    // Throws ConfigError naming the bad field when `config` is not a member of the space.
    void validate(const MilpConfig& config) const;
    const MilpSpaceOptions& options() const { return m_options; }

private:
    MilpConfig sampleConfig(SearchRng& rng) const;
    MilpSpaceOptions m_options;
    int m_dimension = 0;
};

std::string describeConfig(const MilpConfig& config);

} // namespace persona::search
