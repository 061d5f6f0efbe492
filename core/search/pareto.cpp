#include "core/search/pareto.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/common/error.h"

namespace persona::search {

namespace {

bool allFinite(const Objectives& p)
{
    return std::all_of(p.begin(), p.end(), [](double v) { return std::isfinite(v); });
}

void checkSize(const Objectives& p, std::size_t k, const char* where)
{
    if (p.size() != k)
        throw ShapeError(std::string(where) + ": a point has " + std::to_string(p.size()) + " objectives, expected " +
                         std::to_string(k));
}

// Points strictly better than the reference in every objective (the others add no volume).
std::vector<Objectives> clipToReference(const std::vector<Objectives>& points, const Objectives& ref)
{
    std::vector<Objectives> kept;
    kept.reserve(points.size());
    for (const auto& p : points) {
        checkSize(p, ref.size(), "hypervolume");
        bool better = allFinite(p);
        for (std::size_t j = 0; better && j < p.size(); ++j)
            better = p[j] > ref[j];
        if (better)
            kept.push_back(p);
    }
    return kept;
}

// Recursive slicing on the last objective; `points` are all strictly better than `ref` in the
// first `k` objectives.
double volume(std::vector<Objectives> points, const Objectives& ref, std::size_t k)
{
    if (points.empty())
        return 0.0;
    if (k == 1) {
        double best = ref[0];
        for (const auto& p : points)
            best = std::max(best, p[0]);
        return best - ref[0];
    }
    if (k == 2) {
        std::sort(points.begin(), points.end(), [](const Objectives& a, const Objectives& b) { return a[0] > b[0]; });
        return hypervolume2dSorted(points, ref);
    }
    const std::size_t last = k - 1;
    std::sort(points.begin(), points.end(), [last](const Objectives& a, const Objectives& b) { return a[last] > b[last]; });
    double total = 0.0;
    std::vector<Objectives> slab;
    for (std::size_t i = 0; i < points.size(); ++i) {
        slab.push_back(points[i]);
        const double lower = (i + 1 < points.size()) ? points[i + 1][last] : ref[last];
        const double height = points[i][last] - lower;
        if (height > 0.0)
            total += height * volume(slab, ref, k - 1);
    }
    return total;
}

} // namespace

bool dominates(const Objectives& a, const Objectives& b)
{
    bool strict = false;
    for (std::size_t j = 0; j < a.size(); ++j) {
        if (a[j] < b[j])
            return false;
        if (a[j] > b[j])
            strict = true;
    }
    return strict;
}

std::vector<int> paretoFront(const std::vector<Objectives>& points)
{
    std::vector<int> front;
    if (points.empty())
        return front;
    const std::size_t k = points.front().size();
    for (const auto& p : points)
        checkSize(p, k, "paretoFront");
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!allFinite(points[i]))
            continue;
        bool keep = true;
        for (std::size_t o = 0; keep && o < points.size(); ++o) {
            if (o == i || !allFinite(points[o]))
                continue;
            if (dominates(points[o], points[i]) || (o < i && points[o] == points[i]))
                keep = false;
        }
        if (keep)
            front.push_back(static_cast<int>(i));
    }
    return front;
}

double hypervolume2dSorted(const std::vector<Objectives>& sorted, const Objectives& ref)
{
    // Sweep in objective 0 descending: each point adds the strip [ref0, x] x [prevY, y].
    double area = 0.0;
    double prevY = ref[1];
    for (const auto& p : sorted) {
        if (p[0] <= ref[0])
            break;
        if (p[1] > prevY) {
            area += (p[0] - ref[0]) * (p[1] - prevY);
            prevY = p[1];
        }
    }
    return area;
}

double hypervolume(const std::vector<Objectives>& points, const Objectives& reference)
{
    if (reference.empty())
        throw ShapeError("hypervolume: empty reference point");
    return volume(clipToReference(points, reference), reference, reference.size());
}

double hypervolumeImprovement(const std::vector<Objectives>& front, const Objectives& candidate,
                              const Objectives& reference)
{
    checkSize(candidate, reference.size(), "hypervolumeImprovement");
    for (std::size_t j = 0; j < candidate.size(); ++j) {
        if (!(candidate[j] > reference[j]))
            return 0.0;
    }
    std::vector<Objectives> with = clipToReference(front, reference);
    const double before = volume(with, reference, reference.size());
    with.push_back(candidate);
    return std::max(0.0, volume(std::move(with), reference, reference.size()) - before);
}

int kneePoint(const std::vector<Objectives>& points, const std::vector<int>& front)
{
    if (front.empty())
        return -1;
    const std::size_t k = points[static_cast<std::size_t>(front.front())].size();
    Objectives lo(k, std::numeric_limits<double>::infinity()), hi(k, -std::numeric_limits<double>::infinity());
    for (int i : front) {
        for (std::size_t j = 0; j < k; ++j) {
            lo[j] = std::min(lo[j], points[static_cast<std::size_t>(i)][j]);
            hi[j] = std::max(hi[j], points[static_cast<std::size_t>(i)][j]);
        }
    }
    int best = front.front();
    double bestDistance = std::numeric_limits<double>::infinity();
    for (int i : front) {
        double d2 = 0.0;
        for (std::size_t j = 0; j < k; ++j) {
            const double range = hi[j] - lo[j];
            const double scaled = range > 0.0 ? (points[static_cast<std::size_t>(i)][j] - lo[j]) / range : 1.0;
            d2 += (1.0 - scaled) * (1.0 - scaled);
        }
        if (d2 < bestDistance) {
            bestDistance = d2;
            best = i;
        }
    }
    return best;
}

} // namespace persona::search
