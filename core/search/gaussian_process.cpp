#include "core/search/gaussian_process.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/common/error.h"

namespace persona::search {

namespace {

constexpr double kSqrt5 = 2.23606797749979;
constexpr double kLog2Pi = 1.8378770664093453;
constexpr double kTauScale = 0.1; // tau ~ HalfCauchy(0.1), as in SAAS
constexpr double kLogTauMin = -2.996; // tau >= 0.05, see negativeLogPosteriorOf

// Layout of the unconstrained parameter vector u: mean, log outputscale, log noise excess, log tau,
// then log rho [d]. Box bounds keep L-BFGS out of regions where the Cholesky breaks down.
enum Slot : std::int64_t { kMean = 0, kLogScale = 1, kLogNoise = 2, kLogTau = 3, kFirstRho = 4 };

torch::TensorOptions doubles(torch::Device device) { return torch::TensorOptions().dtype(torch::kFloat64).device(device); }

torch::Tensor bounds(std::int64_t d, bool upper, torch::Device device)
{
    // mean in [-10, 10]; outputscale in [0.01, 1e4]; noise excess in [1e-8, 1]; rho in [1e-8, 1e4]
    // (length-scales 0.01 to 1e4) as in BoTorch's MAP-SAAS; tau in [0.05, 10] (see below).
    std::vector<double> b{upper ? 10.0 : -10.0, upper ? 9.21 : -4.61, upper ? 0.0 : -18.4, upper ? 2.30 : kLogTauMin};
    b.resize(static_cast<std::size_t>(4 + d), upper ? 9.21 : -18.4);
    return torch::tensor(b, doubles(device));
}

torch::Tensor toParameters(const GpHyperparameters& hp, double minNoise, torch::Device device)
{
    std::vector<double> u{hp.mean, std::log(hp.outputscale), std::log(std::max(hp.noise - minNoise, 1e-12)),
                          std::log(hp.tau)};
    for (double r : hp.rho)
        u.push_back(std::log(r));
    return torch::tensor(u, doubles(device));
}

GpHyperparameters fromParameters(const torch::Tensor& u, double minNoise)
{
    const auto c = u.detach().to(torch::kCPU).contiguous();
    const double* p = c.data_ptr<double>();
    GpHyperparameters hp;
    hp.mean = p[kMean];
    hp.outputscale = std::exp(p[kLogScale]);
    hp.noise = minNoise + std::exp(p[kLogNoise]);
    hp.tau = std::exp(p[kLogTau]);
    for (std::int64_t i = kFirstRho; i < c.size(0); ++i)
        hp.rho.push_back(std::exp(p[i]));
    return hp;
}

// Cholesky of K with escalating jitter; returns an undefined tensor when every try fails.
torch::Tensor tryCholesky(const torch::Tensor& k, double jitter)
{
    const auto eye = torch::eye(k.size(0), k.options());
    for (double j = jitter; j <= 1e-2; j *= 100.0) {
        auto [chol, info] = torch::linalg_cholesky_ex(k + j * eye);
        if (info.item<int>() == 0)
            return chol;
    }
    return {};
}

// Minus log marginal likelihood minus log prior of standardised y [n] given u, with the pairwise
// squared differences d2 [n, n, d]. Priors are densities of the natural parameters (no log-transform
// Jacobian, as in BoTorch's MAP-SAAS): the half-Cauchy density peaks at rho = 0, so irrelevant
// dimensions are pushed to their lower bound. The bounds keep the hierarchical mode finite (the
// density of rho given tau grows without bound as tau -> 0). With tau down to 1e-3 the MAP
// explained 10-20 points of a 30-D function with 2 effective dimensions as pure noise (each relevant
// rho then costs 2 log(rho / tau) nats); tau >= 0.05 found the relevant dimensions. A log-space
// prior with the Jacobian was tried too: it holds every rho near tau, which is not sparse.
torch::Tensor negativeLogPosteriorOf(const torch::Tensor& uRaw, const torch::Tensor& d2, const torch::Tensor& y,
                                     const torch::Tensor& lo, const torch::Tensor& hi, const GpOptions& o)
{
    const auto u = torch::max(torch::min(uRaw, hi), lo);
    const auto mean = u[kMean];
    const auto logScale = u[kLogScale], logNoise = u[kLogNoise], logTau = u[kLogTau];
    const auto logRho = u.slice(0, kFirstRho);
    const auto scale = logScale.exp(), noiseExcess = logNoise.exp(), tau = logTau.exp(), rho = logRho.exp();
    const auto noise = noiseExcess + o.minNoise;

    const auto r2 = torch::matmul(d2, rho); // [n, n]
    const auto r = r2.clamp_min(1e-30).sqrt();
    const auto n = y.size(0);
    const auto eye = torch::eye(n, y.options());
    const auto k = scale * (1.0 + kSqrt5 * r + (5.0 / 3.0) * r2) * torch::exp(-kSqrt5 * r) + noise * eye;
    auto chol = tryCholesky(k, o.jitter);
    if (!chol.defined())
        return torch::full({}, std::numeric_limits<double>::infinity(), y.options());
    const auto resid = (y - mean).unsqueeze(1);
    const auto alpha = torch::cholesky_solve(resid, chol);
    const auto nll = 0.5 * (resid * alpha).sum() + chol.diagonal().log().sum() + 0.5 * double(n) * kLog2Pi;

    auto logPrior = -0.5 * mean * mean;
    logPrior = logPrior + (2.0 - 1.0) * logScale - 0.15 * scale;                   // Gamma(2, 0.15)
    logPrior = logPrior + (0.9 - 1.0) * noise.log() - 10.0 * noise;                // Gamma(0.9, 10)
    logPrior = logPrior - torch::log1p((tau / kTauScale).square());                // HalfCauchy(0.1)
    logPrior = logPrior + (-logTau - torch::log1p((rho / tau).square())).sum();    // HalfCauchy(tau)
    return nll - logPrior;
}

} // namespace

torch::Tensor GaussianProcess::matern52(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& rho,
                                        const torch::Tensor& outputscale)
{
    const auto s = rho.sqrt();
    const auto as = a * s, bs = b * s;
    const auto r2 = (as.square().sum(1).unsqueeze(1) + bs.square().sum(1).unsqueeze(0) - 2.0 * torch::matmul(as, bs.t()))
                        .clamp_min(0.0);
    const auto r = r2.clamp_min(1e-30).sqrt();
    return outputscale * (1.0 + kSqrt5 * r + (5.0 / 3.0) * r2) * torch::exp(-kSqrt5 * r);
}

void GaussianProcess::prepare(const torch::Tensor& x, const torch::Tensor& y, const GpOptions& options)
{
    if (x.dim() != 2 || y.dim() != 1 || x.size(0) != y.size(0))
        throw ShapeError("GaussianProcess: expected x [n, d] and y [n], got x " + std::to_string(x.dim()) + "-D with " +
                         std::to_string(x.dim() ? x.size(0) : 0) + " rows and y of " + std::to_string(y.numel()) +
                         " values");
    if (x.size(0) < 1 || x.size(1) < 1)
        throw ConfigError("GaussianProcess: need at least one observation and one input dimension");
    m_options = options;
    m_x = x.to(doubles(options.device)).contiguous();
    auto yd = y.to(doubles(options.device));
    if (!torch::isfinite(yd).all().item<bool>())
        throw ConfigError("GaussianProcess: the observations contain a non-finite value");
    m_yMean = yd.mean().item<double>();
    m_yStd = yd.size(0) > 1 ? yd.std().item<double>() : 1.0;
    if (!(m_yStd > 1e-12))
        m_yStd = 1.0;
    m_y = (yd - m_yMean) / m_yStd;
}

void GaussianProcess::fit(const torch::Tensor& x, const torch::Tensor& y, const GpOptions& options,
                          const GpHyperparameters* warmStart)
{
    torch::NoGradGuard outerNoGrad; // re-enabled around the closure below
    prepare(x, y, options);
    const auto d = m_x.size(1);
    const auto dev = options.device;
    const auto d2 = (m_x.unsqueeze(1) - m_x.unsqueeze(0)).square(); // [n, n, d]
    const auto lo = bounds(d, false, dev), hi = bounds(d, true, dev);

    std::vector<torch::Tensor> starts;
    if (warmStart && static_cast<std::int64_t>(warmStart->rho.size()) == d)
        starts.push_back(toParameters(*warmStart, options.minNoise, dev));
    if (options.defaultStart || starts.empty()) {
        GpHyperparameters base;
        base.noise = 0.05;
        base.rho.assign(static_cast<std::size_t>(d), 0.5);
        starts.push_back(toParameters(base, options.minNoise, dev));
    }
    // Screening starts: each dimension alone (rho_i = 4, the rest nearly off) scored by the MAP
    // objective; starts with the best 1, 2 and 4 dimensions switched on. Without them L-BFGS from a
    // dense start often settles on "all noise" while few points are observed.
    {
        GpHyperparameters probe;
        probe.noise = 0.01;
        probe.tau = 0.01;
        probe.rho.assign(static_cast<std::size_t>(d), 1e-6);
        std::vector<std::pair<double, std::int64_t>> scores;
        for (std::int64_t i = 0; i < d && d > 1; ++i) {
            probe.rho[static_cast<std::size_t>(i)] = 4.0;
            const double loss = negativeLogPosteriorOf(toParameters(probe, options.minNoise, dev), d2, m_y, lo, hi, options)
                                    .item<double>();
            scores.emplace_back(std::isfinite(loss) ? loss : std::numeric_limits<double>::infinity(), i);
            probe.rho[static_cast<std::size_t>(i)] = 1e-6;
        }
        std::stable_sort(scores.begin(), scores.end());
        for (std::size_t top : {std::size_t(1), std::size_t(2), std::size_t(4)}) {
            if (top > scores.size() || top >= static_cast<std::size_t>(d))
                break;
            GpHyperparameters hp = probe;
            for (std::size_t i = 0; i < top; ++i)
                hp.rho[static_cast<std::size_t>(scores[i].second)] = 4.0;
            starts.push_back(toParameters(hp, options.minNoise, dev));
        }
    }
    SearchRng rng(options.seed ^ 0x5AA5u);
    for (int r = 0; r < options.restarts; ++r) {
        GpHyperparameters hp;
        hp.outputscale = std::exp(0.5 * rng.normal());
        hp.noise = options.minNoise + std::exp(std::log(0.01) + rng.normal());
        hp.tau = std::exp(std::log(kTauScale) + rng.normal());
        for (std::int64_t i = 0; i < d; ++i)
            hp.rho.push_back(std::exp(std::log(0.3) + 1.5 * rng.normal()));
        starts.push_back(toParameters(hp, options.minNoise, dev));
    }

    double bestLoss = std::numeric_limits<double>::infinity();
    torch::Tensor best = starts.front();
    for (const auto& start : starts) {
        torch::AutoGradMode enable(true);
        auto u = start.clone().requires_grad_(true);
        torch::optim::LBFGS opt({u}, torch::optim::LBFGSOptions(1.0)
                                         .max_iter(options.maxIterations)
                                         .tolerance_grad(1e-5)
                                         .tolerance_change(1e-7)
                                         .history_size(20)
                                         .line_search_fn("strong_wolfe"));
        auto closure = [&] {
            opt.zero_grad();
            auto loss = negativeLogPosteriorOf(u, d2, m_y, lo, hi, options);
            if (loss.requires_grad())
                loss.backward();
            return loss;
        };
        try {
            opt.step(closure);
        } catch (const c10::Error&) {
            continue; // a restart whose line search failed numerically; the others decide
        }
        torch::NoGradGuard noGrad;
        const auto clamped = torch::max(torch::min(u.detach(), hi), lo);
        const double loss = negativeLogPosteriorOf(clamped, d2, m_y, lo, hi, options).item<double>();
        if (std::isfinite(loss) && loss < bestLoss) {
            bestLoss = loss;
            best = clamped;
        }
    }
    m_hp = fromParameters(best, options.minNoise);
    finishConditioning();
}

void GaussianProcess::condition(const torch::Tensor& x, const torch::Tensor& y, const GpHyperparameters& hp,
                                const GpOptions& options)
{
    torch::NoGradGuard noGrad;
    prepare(x, y, options);
    if (static_cast<std::int64_t>(hp.rho.size()) != m_x.size(1))
        throw ShapeError("GaussianProcess::condition: " + std::to_string(hp.rho.size()) + " length-scales for " +
                         std::to_string(m_x.size(1)) + " input dimensions");
    m_hp = hp;
    finishConditioning();
}

void GaussianProcess::finishConditioning()
{
    torch::NoGradGuard noGrad;
    const auto dev = m_options.device;
    m_rho = torch::tensor(m_hp.rho, doubles(dev));
    const auto scale = torch::full({}, m_hp.outputscale, doubles(dev));
    const auto n = m_x.size(0);
    const auto k = matern52(m_x, m_x, m_rho, scale) + m_hp.noise * torch::eye(n, doubles(dev));
    m_chol = robustCholesky(k, m_options.jitter);
    m_alpha = torch::cholesky_solve((m_y - m_hp.mean).unsqueeze(1), m_chol).squeeze(1);
    const auto d = m_x.size(1);
    const auto d2 = (m_x.unsqueeze(1) - m_x.unsqueeze(0)).square();
    m_nlp = negativeLogPosteriorOf(toParameters(m_hp, m_options.minNoise, dev), d2, m_y, bounds(d, false, dev),
                                   bounds(d, true, dev), m_options)
                .item<double>();
}

double GaussianProcess::negativeLogPosterior() const { return m_nlp; }

torch::Tensor GaussianProcess::mean(const torch::Tensor& xs) const
{
    torch::NoGradGuard noGrad;
    const auto a = xs.to(m_x.options());
    const auto scale = torch::full({}, m_hp.outputscale, m_x.options());
    const auto ks = matern52(a, m_x, m_rho, scale);
    return m_yMean + m_yStd * (m_hp.mean + torch::matmul(ks, m_alpha));
}

torch::Tensor GaussianProcess::covariance(const torch::Tensor& a, const torch::Tensor& b) const
{
    torch::NoGradGuard noGrad;
    const auto aa = a.to(m_x.options()), bb = b.to(m_x.options());
    const auto scale = torch::full({}, m_hp.outputscale, m_x.options());
    const auto va = torch::linalg_solve_triangular(m_chol, matern52(m_x, aa, m_rho, scale), /*upper=*/false);
    const auto vb = torch::linalg_solve_triangular(m_chol, matern52(m_x, bb, m_rho, scale), /*upper=*/false);
    return (m_yStd * m_yStd) * (matern52(aa, bb, m_rho, scale) - torch::matmul(va.t(), vb));
}

torch::Tensor GaussianProcess::variance(const torch::Tensor& xs) const
{
    torch::NoGradGuard noGrad;
    const auto a = xs.to(m_x.options());
    const auto scale = torch::full({}, m_hp.outputscale, m_x.options());
    const auto v = torch::linalg_solve_triangular(m_chol, matern52(m_x, a, m_rho, scale), /*upper=*/false);
    return ((m_yStd * m_yStd) * (m_hp.outputscale - v.square().sum(0))).clamp_min(0.0);
}

torch::Tensor GaussianProcess::sample(const torch::Tensor& xs, int samples, SearchRng& rng) const
{
    torch::NoGradGuard noGrad;
    const auto mu = mean(xs);
    const auto chol = robustCholesky(covariance(xs, xs));
    const auto z = standardNormals(samples, static_cast<int>(mu.size(0)), rng, m_x.device());
    return mu.unsqueeze(0) + torch::matmul(z, chol.t());
}

torch::Tensor standardNormals(int samples, int count, SearchRng& rng, torch::Device device)
{
    std::vector<double> v(static_cast<std::size_t>(samples) * static_cast<std::size_t>(count));
    for (double& e : v)
        e = rng.normal();
    return torch::tensor(v, torch::TensorOptions().dtype(torch::kFloat64)).reshape({samples, count}).to(device);
}

torch::Tensor robustCholesky(const torch::Tensor& cov, double jitter)
{
    const double diag = std::max(cov.diagonal().abs().mean().item<double>(), 1e-300);
    const auto eye = torch::eye(cov.size(0), cov.options());
    for (double j = jitter; j <= 1e-1; j *= 10.0) {
        auto [chol, info] = torch::linalg_cholesky_ex(cov + (j * diag) * eye);
        if (info.item<int>() == 0)
            return chol;
    }
    throw ShapeError("robustCholesky: a " + std::to_string(cov.size(0)) + "x" + std::to_string(cov.size(0)) +
                     " covariance is not positive definite even with jitter");
}

} // namespace persona::search
