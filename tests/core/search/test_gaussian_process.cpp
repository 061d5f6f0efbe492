// Tests core/search/gaussian_process: the Matern-5/2 kernel, a hand-computed one-point posterior,
// interpolation with tiny noise, MAP fitting (SAAS shrinkage of irrelevant dimensions, held-out
// accuracy), joint samples against the posterior moments, and bad input.
#include "core/common/error.h"
#include "core/search/gaussian_process.h"

#include <QtTest/QtTest>

#include <cmath>

using namespace persona;
using namespace persona::search;

namespace {

torch::Tensor uniformPoints(int n, int d, SearchRng& rng)
{
    std::vector<double> v(static_cast<std::size_t>(n * d));
    for (double& e : v)
        e = rng.uniform();
    return torch::tensor(v, torch::kFloat64).reshape({n, d});
}

double matern(double r2, double s)
{
    const double r = std::sqrt(r2);
    return s * (1.0 + std::sqrt(5.0) * r + 5.0 / 3.0 * r2) * std::exp(-std::sqrt(5.0) * r);
}

} // namespace

class TestGaussianProcess : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { torch::set_num_threads(1); } // tiny matrices: threads only add overhead

    void kernelMatchesFormula()
    {
        const auto a = torch::tensor({0.1, 0.9}, torch::kFloat64).reshape({1, 2});
        const auto b = torch::tensor({0.4, 0.5, 0.1, 0.9}, torch::kFloat64).reshape({2, 2});
        const auto rho = torch::tensor({2.0, 0.5}, torch::kFloat64);
        const auto k = GaussianProcess::matern52(a, b, rho, torch::tensor(1.5, torch::kFloat64));
        QVERIFY(std::abs(k[0][0].item<double>() - matern(2.0 * 0.09 + 0.5 * 0.16, 1.5)) < 1e-12);
        QVERIFY(std::abs(k[0][1].item<double>() - 1.5) < 1e-12); // same point: the outputscale
    }

    void onePointPosteriorByHand()
    {
        // One observation y0 = 3 at x0: standardised y is 0 (mean 3, std 1 for n = 1), so with
        // constant mean m, outputscale s, noise v and k* = k(x*, x0):
        //   mean(x*) = 3 + m + k*/(s + v) * (0 - m),   var(x*) = s - k*^2/(s + v).
        GpHyperparameters hp;
        hp.mean = 0.5;
        hp.outputscale = 2.0;
        hp.noise = 0.1;
        hp.rho = {4.0, 1.0};
        GaussianProcess gp;
        gp.condition(torch::tensor({0.2, 0.5}, torch::kFloat64).reshape({1, 2}), torch::tensor({3.0}, torch::kFloat64), hp);
        const auto xs = torch::tensor({0.6, 0.1, 0.2, 0.5}, torch::kFloat64).reshape({2, 2});
        const double kStar = matern(4.0 * 0.16 + 1.0 * 0.16, 2.0);
        const auto mean = gp.mean(xs), var = gp.variance(xs);
        QVERIFY(std::abs(mean[0].item<double>() - (3.0 + 0.5 - kStar / 2.1 * 0.5)) < 1e-6);
        QVERIFY(std::abs(var[0].item<double>() - (2.0 - kStar * kStar / 2.1)) < 1e-6);
        QVERIFY(std::abs(mean[1].item<double>() - (3.0 + 0.5 - 2.0 / 2.1 * 0.5)) < 1e-6);
        QVERIFY(std::abs(var[1].item<double>() - (2.0 - 4.0 / 2.1)) < 1e-6);
        // The covariance's diagonal is the variance.
        QVERIFY(torch::allclose(gp.covariance(xs, xs).diagonal(), var, 1e-9, 1e-9));
    }

    void interpolatesWithTinyNoise()
    {
        SearchRng rng(1);
        const auto x = uniformPoints(12, 2, rng);
        const auto y = torch::sin(3.0 * x.select(1, 0)) + x.select(1, 1).square() * 5.0 + 10.0;
        GpHyperparameters hp;
        hp.noise = 1e-7;
        hp.rho = {4.0, 4.0};
        GaussianProcess gp;
        gp.condition(x, y, hp);
        QVERIFY2(torch::allclose(gp.mean(x), y, 0.0, 1e-3), "posterior mean misses the training values");
        QVERIFY(gp.variance(x).max().item<double>() < 1e-4);
        QVERIFY(gp.variance(uniformPoints(5, 2, rng)).min().item<double>() > 1e-6);
    }

    void mapFitPredictsHeldOutPoints()
    {
        SearchRng rng(2);
        const auto x = uniformPoints(30, 3, rng), xt = uniformPoints(50, 3, rng);
        auto f = [](const torch::Tensor& p) { return torch::sin(4.0 * p.select(1, 0)) + 2.0 * p.select(1, 1); };
        GaussianProcess gp;
        GpOptions o;
        o.seed = 3;
        gp.fit(x, f(x), o);
        const double rmse = (gp.mean(xt) - f(xt)).square().mean().sqrt().item<double>();
        const double spread = f(xt).std().item<double>();
        QVERIFY2(rmse < 0.1 * spread, qPrintable(QString("held-out RMSE %1, spread %2").arg(rmse).arg(spread)));
        // MAP beats the default starting point.
        GpHyperparameters start;
        start.noise = 0.05;
        start.rho.assign(3, 0.5);
        GaussianProcess fixed;
        fixed.condition(x, f(x), start);
        QVERIFY(gp.negativeLogPosterior() < fixed.negativeLogPosterior());
    }

    void saasPriorShrinksIrrelevantDimensions()
    {
        // y depends on dimensions 2 and 7 of 10 only.
        SearchRng rng(4);
        const auto x = uniformPoints(40, 10, rng);
        const auto y = torch::sin(5.0 * x.select(1, 2)) + 4.0 * (x.select(1, 7) - 0.5).square();
        GaussianProcess gp;
        GpOptions o;
        o.seed = 5;
        gp.fit(x, y, o);
        const auto& rho = gp.hyperparameters().rho;
        QString all;
        for (double r : rho)
            all += QString::number(r, 'g', 3) + " ";
        double maxIrrelevant = 0.0;
        for (std::size_t i = 0; i < rho.size(); ++i) {
            if (i != 2 && i != 7)
                maxIrrelevant = std::max(maxIrrelevant, rho[i]);
        }
        QVERIFY2(std::min(rho[2], rho[7]) > 10.0 * maxIrrelevant, qPrintable("rho: " + all));
    }

    void jointSamplesMatchPosteriorMoments()
    {
        SearchRng rng(6);
        const auto x = uniformPoints(6, 2, rng);
        GpHyperparameters hp;
        hp.rho = {3.0, 3.0};
        hp.noise = 0.01;
        GaussianProcess gp;
        gp.condition(x, torch::sin(4.0 * x.select(1, 0)), hp);
        const auto xs = uniformPoints(3, 2, rng);
        const auto s = gp.sample(xs, 20000, rng); // [20000, 3]
        QCOMPARE(s.size(0), 20000);
        const auto mean = gp.mean(xs), cov = gp.covariance(xs, xs);
        const auto centred = s - s.mean(0);
        const auto empirical = torch::matmul(centred.t(), centred) / 19999.0;
        const double scale = cov.diagonal().max().item<double>();
        QVERIFY((s.mean(0) - mean).abs().max().item<double>() < 0.05 * std::sqrt(scale) + 1e-9);
        QVERIFY((empirical - cov).abs().max().item<double>() < 0.05 * scale);
    }

    void badInput()
    {
        GaussianProcess gp;
        GpHyperparameters hp;
        hp.rho = {1.0, 1.0};
        const auto x = torch::zeros({3, 2}, torch::kFloat64);
        QVERIFY_THROWS_EXCEPTION(ShapeError, gp.condition(x, torch::zeros({4}, torch::kFloat64), hp));
        QVERIFY_THROWS_EXCEPTION(ShapeError, gp.condition(torch::zeros({3, 3}, torch::kFloat64), torch::zeros({3}, torch::kFloat64), hp));
        QVERIFY_THROWS_EXCEPTION(ConfigError, gp.fit(x, torch::tensor({1.0, std::nan(""), 2.0}, torch::kFloat64), GpOptions{}));
        QVERIFY_THROWS_EXCEPTION(ConfigError, gp.fit(torch::zeros({0, 2}, torch::kFloat64), torch::zeros({0}, torch::kFloat64), GpOptions{}));
    }
};

QTEST_APPLESS_MAIN(TestGaussianProcess)
#include "test_gaussian_process.moc"
