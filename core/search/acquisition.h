// Monte-Carlo acquisition in the spirit of NEHVI (Daulton et al. 2021): joint posterior samples of
// every objective at the observed points and the candidates; per sample the Pareto front of the
// sampled observed values (noise-free latent values, so noisy observations are integrated over)
// and the hypervolume improvement of each candidate; averaged over samples. With one objective it
// is Monte-Carlo noisy expected improvement. Leaves out batch (q > 1) acquisition and gradients:
// the optimiser maximises it over a discrete candidate pool.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "core/search/gaussian_process.h"
#include "core/search/pareto.h"

namespace persona::search {

// One fitted GP per objective, all in maximisation orientation. observed [n, d], candidates [m, d].
// `reference` (one value per objective) bounds the hypervolume; ignored for a single objective.
// Returns the expected improvement per candidate [m] (>= 0). Each candidate is sampled jointly with
// the observed points (its value conditioned on the observed sample), candidates independently of
// each other. Throws ShapeError on mismatched sizes.
std::vector<double> expectedHypervolumeImprovement(const std::vector<const GaussianProcess*>& models,
                                                   const torch::Tensor& observed, const torch::Tensor& candidates,
                                                   const Objectives& reference, int samples, SearchRng& rng);

} // namespace persona::search
