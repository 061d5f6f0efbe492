// Gaussian-process surrogate for the search: constant mean, Matern-5/2 ARD kernel over [0,1]^d with
// a sparsity-inducing SAAS prior (Eriksson & Jankowiak 2021): global shrinkage tau ~ HalfCauchy(0.1),
// inverse squared length-scales rho_i ~ HalfCauchy(tau). Hyperparameters are fitted by MAP (not
// MCMC, unlike the paper's SAAS-GP): L-BFGS on the log-parameters with autograd, several starts;
// tau is bounded below by 0.05 because MAP over tau otherwise collapses to "everything is noise"
// while few points are observed. Leaves out MCMC, input warping and multi-output kernels.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "core/search/search_rng.h"

namespace persona::search {

// Hyperparameters in natural units, for standardised outputs (zero mean, unit variance).
struct GpHyperparameters {
    double mean = 0.0;        // constant mean, prior N(0, 1)
    double outputscale = 1.0; // kernel variance, prior Gamma(2, 0.15)
    double noise = 1e-2;      // observation noise variance, prior Gamma(0.9, 10)
    double tau = 0.1;         // global shrinkage, prior HalfCauchy(0.1)
    std::vector<double> rho;  // inverse squared length-scales [d], prior HalfCauchy(tau)
};

struct GpOptions {
    // Starting points of the MAP fit, each run to convergence, the best kept: the warm start (when
    // given), screening starts (the 1, 2 and 4 dimensions that best explain the data alone), the
    // default start (when defaultStart) and `restarts` random ones.
    int restarts = 3;
    bool defaultStart = true;
    int maxIterations = 60;     // L-BFGS iterations per start
    double minNoise = 1e-6;     // noise floor (standardised units), keeps the Cholesky stable
    double jitter = 1e-8;       // added to the diagonal before every Cholesky
    std::uint64_t seed = 0;     // restarts' initial values
    torch::Device device = torch::kCPU;
};

class GaussianProcess {
public:
    // Fits the MAP hyperparameters to x [n, d] (values in [0,1]) and y [n] (raw units, any scale),
    // then conditions on the data. `warmStart`, when given and of matching dimension, is one more
    // starting point. Throws ShapeError on bad shapes, ConfigError when n < 1 or y is not finite.
    void fit(const torch::Tensor& x, const torch::Tensor& y, const GpOptions& options,
             const GpHyperparameters* warmStart = nullptr);
    // Conditions on x [n, d], y [n] with the given hyperparameters (no fitting). Outputs are
    // standardised with the data's mean and standard deviation as in fit().
    void condition(const torch::Tensor& x, const torch::Tensor& y, const GpHyperparameters& hp,
                   const GpOptions& options = {});

    // Posterior of the latent function (no observation noise), in raw output units.
    torch::Tensor mean(const torch::Tensor& xs) const;                                 // xs [m, d] -> [m]
    torch::Tensor variance(const torch::Tensor& xs) const;                             // xs [m, d] -> [m]
    torch::Tensor covariance(const torch::Tensor& a, const torch::Tensor& b) const;    // [ma, d], [mb, d] -> [ma, mb]
    // Joint posterior samples at xs [m, d] -> [samples, m], normals drawn from `rng`.
    torch::Tensor sample(const torch::Tensor& xs, int samples, SearchRng& rng) const;

    // Negative log posterior (minus log marginal likelihood minus log prior, per point) of the
    // standardised data at the current hyperparameters; what MAP minimises.
    double negativeLogPosterior() const;
    const GpHyperparameters& hyperparameters() const { return m_hp; }
    int dimension() const { return static_cast<int>(m_x.size(1)); }
    bool isFitted() const { return m_chol.defined(); }

    // The Matern-5/2 ARD kernel k(a, b) = s (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r),
    // r^2 = sum_i rho_i (a_i - b_i)^2: a [ma, d], b [mb, d], rho [d] -> [ma, mb].
    static torch::Tensor matern52(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& rho,
                                  const torch::Tensor& outputscale);

private:
    void prepare(const torch::Tensor& x, const torch::Tensor& y, const GpOptions& options);
    void finishConditioning();

    GpHyperparameters m_hp;
    GpOptions m_options;
    torch::Tensor m_x;     // [n, d] double
    torch::Tensor m_y;     // [n] standardised
    double m_yMean = 0.0, m_yStd = 1.0;
    torch::Tensor m_rho;   // [d]
    torch::Tensor m_chol;  // [n, n] lower Cholesky factor of K + noise I
    torch::Tensor m_alpha; // [n] (K + noise I)^-1 (y - mean)
    double m_nlp = 0.0;
};

// Draws `samples` x `count` standard normals from `rng` as a double tensor [samples, count].
torch::Tensor standardNormals(int samples, int count, SearchRng& rng, torch::Device device);

// Lower Cholesky factor of a [m, m] covariance, adding growing jitter (scaled to the diagonal) until
// it succeeds. Throws ShapeError if even the largest jitter fails.
torch::Tensor robustCholesky(const torch::Tensor& cov, double jitter = 1e-9);

} // namespace persona::search
