#include "core/search/acquisition.h"

#include <algorithm>
#include <string>

#include "core/common/error.h"

namespace persona::search {

namespace {

// Samples of one objective: at the observed points [S, n] and at each candidate [S, m], the
// candidate conditioned on the observed sample: f_c | f_o ~ N(mu_c + A (f_o - mu_o), var_c - A S_oc)
// with A = S_co S_oo^-1.
void sampleObjective(const GaussianProcess& gp, const torch::Tensor& observed, const torch::Tensor& candidates,
                     int samples, SearchRng& rng, torch::Tensor& fo, torch::Tensor& fc)
{
    const auto device = observed.device();
    const auto muO = gp.mean(observed);             // [n]
    const auto sOO = gp.covariance(observed, observed); // [n, n]
    const auto lOO = robustCholesky(sOO);
    const auto muC = gp.mean(candidates);            // [m]
    const auto sOC = gp.covariance(observed, candidates); // [n, m]
    const auto varC = gp.variance(candidates);       // [m]
    const auto aT = torch::cholesky_solve(sOC, lOO); // [n, m] = S_oo^-1 S_oc
    const auto condVar = (varC - (sOC * aT).sum(0)).clamp_min(0.0);
    const auto zo = standardNormals(samples, static_cast<int>(muO.size(0)), rng, device);
    const auto zc = standardNormals(samples, static_cast<int>(muC.size(0)), rng, device);
    const auto deltaO = torch::matmul(zo, lOO.t());  // [S, n]
    fo = (muO.unsqueeze(0) + deltaO).to(torch::kCPU).contiguous();
    fc = (muC.unsqueeze(0) + torch::matmul(deltaO, aT) + condVar.sqrt().unsqueeze(0) * zc).to(torch::kCPU).contiguous();
}

} // namespace

std::vector<double> expectedHypervolumeImprovement(const std::vector<const GaussianProcess*>& models,
                                                   const torch::Tensor& observed, const torch::Tensor& candidates,
                                                   const Objectives& reference, int samples, SearchRng& rng)
{
    torch::NoGradGuard noGrad;
    const std::size_t k = models.size();
    if (k == 0 || observed.dim() != 2 || candidates.dim() != 2 || observed.size(1) != candidates.size(1))
        throw ShapeError("expectedHypervolumeImprovement: need >= 1 model and observed [n, d], candidates [m, d]");
    if (k > 1 && reference.size() != k)
        throw ShapeError("expectedHypervolumeImprovement: reference has " + std::to_string(reference.size()) +
                         " values for " + std::to_string(k) + " objectives");
    if (samples < 1)
        throw ShapeError("expectedHypervolumeImprovement: samples must be >= 1");
    const auto n = static_cast<std::size_t>(observed.size(0));
    const auto m = static_cast<std::size_t>(candidates.size(0));
    std::vector<torch::Tensor> fo(k), fc(k);
    for (std::size_t j = 0; j < k; ++j)
        sampleObjective(*models[j], observed, candidates, samples, rng, fo[j], fc[j]);

    std::vector<double> total(m, 0.0);
    std::vector<Objectives> points(n, Objectives(k));
    std::vector<Objectives> front;
    Objectives candidate(k);
    for (int s = 0; s < samples; ++s) {
        if (k == 1) {
            // Noisy expected improvement over the best sampled latent value at the observed points.
            const double* o = fo[0].data_ptr<double>() + static_cast<std::size_t>(s) * n;
            const double best = *std::max_element(o, o + n);
            const double* c = fc[0].data_ptr<double>() + static_cast<std::size_t>(s) * m;
            for (std::size_t i = 0; i < m; ++i)
                total[i] += std::max(0.0, c[i] - best);
            continue;
        }
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < k; ++j)
                points[i][j] = fo[j].data_ptr<double>()[static_cast<std::size_t>(s) * n + i];
        }
        front.clear();
        for (int idx : paretoFront(points))
            front.push_back(points[static_cast<std::size_t>(idx)]);
        if (k == 2) {
            // Fast path: HV(front + c) - HV(front) by two sorted sweeps.
            std::sort(front.begin(), front.end(), [](const Objectives& a, const Objectives& b) { return a[0] > b[0]; });
            const double base = hypervolume2dSorted(front, reference);
            std::vector<Objectives> with;
            for (std::size_t i = 0; i < m; ++i) {
                candidate[0] = fc[0].data_ptr<double>()[static_cast<std::size_t>(s) * m + i];
                candidate[1] = fc[1].data_ptr<double>()[static_cast<std::size_t>(s) * m + i];
                if (candidate[0] <= reference[0] || candidate[1] <= reference[1])
                    continue;
                with = front;
                const auto pos = std::find_if(with.begin(), with.end(),
                                              [&](const Objectives& p) { return p[0] < candidate[0]; });
                with.insert(pos, candidate);
                total[i] += std::max(0.0, hypervolume2dSorted(with, reference) - base);
            }
            continue;
        }
        for (std::size_t i = 0; i < m; ++i) {
            for (std::size_t j = 0; j < k; ++j)
                candidate[j] = fc[j].data_ptr<double>()[static_cast<std::size_t>(s) * m + i];
            total[i] += hypervolumeImprovement(front, candidate, reference);
        }
    }
    for (double& t : total)
        t /= samples;
    return total;
}

} // namespace persona::search
