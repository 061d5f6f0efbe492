// Synthetic problems for the Bayesian-optimisation tests: Branin hidden in two coordinates of a
// 30-dimensional box (2 effective dimensions) and ZDT1 (two objectives). Shared by
// test_bayes_optimizer (fast, label core) and test_bayes_benchmark (larger, label slow).
#pragma once

#include "core/search/bayes_optimizer.h"

#include <cmath>
#include <cstdio>
#include <vector>

namespace search_problems {

using persona::search::Point;

// Branin on [-5, 10] x [0, 15] read from coordinates 5 and 20 of [0,1]^30; minimum 0.397887.
constexpr int kBraninDim = 30;
constexpr double kBraninMin = 0.397887357729738;
inline double embeddedBranin(const Point& x)
{
    const double pi = 3.141592653589793;
    const double x1 = -5.0 + 15.0 * x[5], x2 = 15.0 * x[20];
    const double t = x2 - 5.1 / (4.0 * pi * pi) * x1 * x1 + 5.0 / pi * x1 - 6.0;
    return t * t + 10.0 * (1.0 - 1.0 / (8.0 * pi)) * std::cos(x1) + 10.0;
}

// ZDT1 on [0,1]^d, both objectives minimised; Pareto front f2 = 1 - sqrt(f1) (g = 1).
// With the reference point (11, 11) the largest hypervolume is 121 - 1/3.
constexpr int kZdtDim = 6;
constexpr double kZdtMaxHv = 121.0 - 1.0 / 3.0;
inline std::vector<double> zdt1(const Point& x)
{
    double s = 0.0;
    for (std::size_t i = 1; i < x.size(); ++i)
        s += x[i];
    const double g = 1.0 + 9.0 * s / double(x.size() - 1);
    const double f1 = x[0];
    return {f1, g * (1.0 - std::sqrt(f1 / g))};
}

struct RunSummary {
    double best = 0.0;        // single objective: best value found (minimised)
    double hypervolume = 0.0; // two objectives: final hypervolume
    double modelSeconds = 0.0;
};

inline RunSummary runBranin(std::uint64_t seed, bool randomOnly, int initial, int total)
{
    persona::search::BoxSpace space(kBraninDim);
    persona::search::BayesOptions o;
    o.seed = seed;
    o.randomOnly = randomOnly;
    o.initialTrials = initial;
    o.totalTrials = total;
    const auto r = persona::search::runBayesSearch(
        space, {{"branin", persona::search::Direction::Minimise}},
        [](const Point& x, int) { return std::vector<double>{embeddedBranin(x)}; }, o);
    RunSummary s;
    s.best = r.trials[static_cast<std::size_t>(r.chosen)].objectives[0];
    for (const auto& t : r.trials)
        s.modelSeconds += t.modelSeconds;
    return s;
}

inline RunSummary runZdt(std::uint64_t seed, bool randomOnly, int initial, int total)
{
    persona::search::BoxSpace space(kZdtDim);
    persona::search::BayesOptions o;
    o.seed = seed;
    o.randomOnly = randomOnly;
    o.initialTrials = initial;
    o.totalTrials = total;
    o.referencePoint = {11.0, 11.0};
    const auto r = persona::search::runBayesSearch(
        space, {{"f1", persona::search::Direction::Minimise}, {"f2", persona::search::Direction::Minimise}},
        [](const Point& x, int) { return zdt1(x); }, o);
    RunSummary s;
    s.hypervolume = r.hypervolumes.back();
    for (const auto& t : r.trials)
        s.modelSeconds += t.modelSeconds;
    return s;
}

} // namespace search_problems
