// Tests core/nn/lora_linear: zero-initialised B, switching, trainable parameters, fused base
// weights, and a finite-difference gradient check of the LoRA path.
#include "core/common/error.h"
#include "core/nn/lora_linear.h"
#include "nn_test_util.h"

#include <torch/optim/sgd.h>

#include <QtTest/QtTest>

using namespace persona;

class TestLoraLinear : public QObject {
    Q_OBJECT

private slots:
    void init() { torch::manual_seed(7); }

    void newLoraLeavesOutputUnchanged()
    {
        nn::LoraLinear layer(6, 4, true);
        torch::Tensor x = torch::randn({3, 6});
        torch::Tensor before = layer->forward(x);
        layer->addLora("a", 2, 4.0);
        QVERIFY(torch::equal(layer->forward(x), before));
        QCOMPARE(layer->lora("a")->scale(), 2.0);
        QVERIFY(layer->lora("a")->a.abs().sum().item<double>() > 0.0); // A random, B zero
        QCOMPARE(layer->lora("a")->b.abs().sum().item<double>(), 0.0);
    }

    void outputIsBasePlusScaledLowRank()
    {
        nn::LoraLinear layer(5, 3, true);
        auto a = layer->addLora("a", 2, 6.0);
        auto b = layer->addLora("b", 1, 1.0);
        torch::NoGradGuard noGrad;
        a->b.normal_();
        b->b.normal_();
        torch::Tensor x = torch::randn({2, 4, 5});
        torch::Tensor base = torch::matmul(x, layer->weight.t()) + layer->bias;
        torch::Tensor da = torch::matmul(torch::matmul(x, a->a.t()), a->b.t()) * 3.0;
        torch::Tensor db = torch::matmul(torch::matmul(x, b->a.t()), b->b.t()) * 1.0;
        QVERIFY(nn_test::maxAbsDiff(layer->forward(x), base + da + db) < 1e-5);
        layer->setLoraEnabled("a", false);
        QVERIFY(nn_test::maxAbsDiff(layer->forward(x), base + db) < 1e-5);
        QVERIFY(!layer->lora("a")->enabled());
        layer->setLoraEnabled("b", false);
        QVERIFY(!layer->hasEnabledLora());
        QVERIFY(!layer->loraDelta(x).defined());
        QVERIFY(nn_test::maxAbsDiff(layer->forward(x), base) < 1e-6);
        layer->removeLora("a");
        QCOMPARE(layer->loras(), (std::vector<std::string>{"b"}));
        QVERIFY(!layer->hasLora("a"));
        QCOMPARE(layer->named_parameters().size(), std::size_t(4)); // weight, bias, lora_b.A, lora_b.B
    }

    void onlyLoraParametersAreTrainable()
    {
        nn::LoraLinear layer(4, 4, true);
        layer->addLora("x", 2, 2.0);
        std::vector<std::string> trainable;
        for (const auto& p : layer->named_parameters())
            if (p.value().requires_grad())
                trainable.push_back(p.key());
        QCOMPARE(trainable, (std::vector<std::string>{"lora_x.A", "lora_x.B"}));
        QCOMPARE(layer->loraParameters().size(), std::size_t(2));
        // A training step moves A and B, never the base weight.
        torch::Tensor w0 = layer->weight.clone();
        torch::optim::SGD sgd(layer->loraParameters(), torch::optim::SGDOptions(0.1));
        for (int i = 0; i < 3; ++i) {
            sgd.zero_grad();
            layer->forward(torch::randn({5, 4})).pow(2).sum().backward();
            sgd.step();
        }
        QVERIFY(torch::equal(layer->weight, w0));
        QVERIFY(layer->lora("x")->b.abs().sum().item<double>() > 0.0);
        QVERIFY(!layer->weight.grad().defined());
    }

    void finiteDifferenceGradients()
    {
        nn::LoraLinear layer(4, 3, false);
        layer->to(torch::kFloat64);
        auto lora = layer->addLora("g", 2, 3.0);
        {
            torch::NoGradGuard noGrad;
            lora->b.normal_();
        }
        torch::Tensor x = torch::randn({2, 4}, torch::kFloat64);
        torch::Tensor target = torch::randn({2, 3}, torch::kFloat64);
        auto loss = [&] { return (layer->forward(x) - target).pow(2).sum(); };
        loss().backward();
        const double eps = 1e-6;
        for (torch::Tensor p : {lora->a, lora->b}) {
            QCOMPARE(p.scalar_type(), torch::kFloat64);
            torch::Tensor grad = p.grad().clone();
            auto flat = p.view({-1});
            for (std::int64_t i = 0; i < flat.numel(); ++i) {
                torch::NoGradGuard noGrad;
                const double orig = flat[i].item<double>();
                flat[i].fill_(orig + eps);
                const double up = loss().item<double>();
                flat[i].fill_(orig - eps);
                const double down = loss().item<double>();
                flat[i].fill_(orig);
                const double numeric = (up - down) / (2 * eps);
                const double analytic = grad.view({-1})[i].item<double>();
                QVERIFY2(std::abs(numeric - analytic) < 1e-6 * std::max(1.0, std::abs(numeric)),
                         qPrintable(QString("d/dp[%1]: numeric %2, analytic %3").arg(i).arg(numeric).arg(analytic)));
            }
        }
    }

    void fusedWeightsShareStorage()
    {
        nn::LoraLinear a(4, 3, false), b(4, 2, false);
        torch::Tensor wa = a->weight.clone(), wb = b->weight.clone();
        torch::Tensor cache;
        torch::Tensor fused = nn::fusedBaseWeight({a, b}, cache);
        QCOMPARE(fused.sizes(), (torch::IntArrayRef{5, 4}));
        QVERIFY(torch::equal(fused.narrow(0, 0, 3), wa) && torch::equal(fused.narrow(0, 3, 2), wb));
        QVERIFY(a->weight.is_alias_of(fused));
        QCOMPARE(nn::fusedBaseWeight({a, b}, cache).data_ptr(), fused.data_ptr()); // cached
        // After to(), the weights are copies again and the fused matrix is rebuilt from them.
        a->to(torch::kFloat64);
        b->to(torch::kFloat64);
        torch::Tensor again = nn::fusedBaseWeight({a, b}, cache);
        QCOMPARE(again.scalar_type(), torch::kFloat64);
        QVERIFY(b->weight.is_alias_of(again));
    }

    void rejectsBadArguments()
    {
        nn::LoraLinear layer(4, 3, false);
        layer->addLora("a", 1, 1.0);
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { layer->addLora("a", 1, 1.0); }, {"'a'", "exists"}));
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { layer->addLora("b", 4, 1.0); }, {"rank 4"}));
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { layer->addLora("c", 1, 0.0); }, {"alpha"}));
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { layer->removeLora("zz"); }, {"'zz'"}));
        QVERIFY(nn_test::throwsNaming<ConfigError>([&] { layer->setLoraEnabled("zz", true); }, {"'zz'"}));
    }
};

QTEST_APPLESS_MAIN(TestLoraLinear)
#include "test_lora_linear.moc"
