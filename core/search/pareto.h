// Pareto dominance, non-dominated fronts, exact hypervolume and the knee point, all for
// MAXIMISATION of every objective (the search flips minimised objectives before calling these).
// Hypervolume is exact: a sweep in 2-D, recursive slicing above (fine for the small fronts of a
// search, exponential in the number of objectives). Leaves out approximate / box-decomposition HV.
#pragma once

#include <vector>

namespace persona::search {

using Objectives = std::vector<double>; // one value per objective, larger is better

// a weakly better than b in every objective and strictly in at least one.
bool dominates(const Objectives& a, const Objectives& b);

// Indices of the non-dominated points, ascending. Points with a non-finite value are skipped; of
// exact duplicates only the first is kept. Throws ShapeError on mixed objective counts.
std::vector<int> paretoFront(const std::vector<Objectives>& points);

// Volume of the region dominated by `points` and strictly better than `reference`. Points not
// better than the reference in every objective add nothing. Throws ShapeError on size mismatch.
double hypervolume(const std::vector<Objectives>& points, const Objectives& reference);

// hypervolume(front + candidate) - hypervolume(front), with a fast path for two objectives.
double hypervolumeImprovement(const std::vector<Objectives>& front, const Objectives& candidate,
                              const Objectives& reference);

// The knee of a front (indices into `points`): each objective is scaled to [0,1] over the front and
// the point nearest (Euclidean) to the ideal point (1,...,1) wins; ties go to the lower index.
// Returns -1 when `front` is empty.
int kneePoint(const std::vector<Objectives>& points, const std::vector<int>& front);

// Two-objective hypervolume of points already sorted by objective 0 descending (internal fast path,
// exposed for the acquisition function).
double hypervolume2dSorted(const std::vector<Objectives>& sorted, const Objectives& reference);

} // namespace persona::search
