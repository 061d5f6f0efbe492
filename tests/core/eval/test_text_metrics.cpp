// Tests core/eval/text_metrics.cpp: hand-computed ROUGE and Persona-F1, then the rouge-score
// golden pairs written by tools/make_golden_metrics.py.
#include "core/eval/text_metrics.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <fstream>

using namespace persona::eval;

class TestTextMetrics : public QObject {
    Q_OBJECT
private slots:
    void tokens()
    {
        QCOMPARE(rougeTokens("Sci-Fi (1995), it's CAFÉ!"),
                 (std::vector<std::string>{"sci", "fi", "1995", "it", "s", "caf"}));
        QVERIFY(rougeTokens(" ...!! ").empty());
    }

    void handComputed()
    {
        // Same six tokens in another order: ROUGE-1 is 1, the LCS "the cat on the mat" is 5 of 6.
        const RougeScore r1 = rouge1("the cat sat on the mat", "The cat on the mat, sat");
        QCOMPARE(r1.fmeasure, 1.0);
        const RougeScore rl = rougeL("the cat sat on the mat", "The cat on the mat, sat");
        QCOMPARE(rl.precision, 5.0 / 6.0);
        QCOMPARE(rl.fmeasure, 5.0 / 6.0);
        // Reference a b c, candidate a b d d: overlap 2, P 1/2, R 2/3, F 4/7.
        const RougeScore r = rouge1("A-B c", "a b d d");
        QCOMPARE(r.precision, 0.5);
        QCOMPARE(r.recall, 2.0 / 3.0);
        QCOMPARE(r.fmeasure, 4.0 / 7.0);
        QCOMPARE(rouge1("", "a").fmeasure, 0.0);
        QCOMPARE(rougeL("a", "").fmeasure, 0.0);
    }

    void personaF1Counts()
    {
        // Output: i love sci fi movies (5); history: 11 tokens with sci and fi twice; overlap 2.
        // P 2/5, R 2/11, F1 = (8/55) / (32/55) = 0.25.
        QCOMPARE(personaF1("I love sci-fi movies", "Title: Dune, Genres: Sci-Fi\nTitle: Alien, Genres: Sci-Fi, Horror"), 0.25);
        QCOMPARE(personaF1("nothing shared", "Title: Dune"), 0.0);
    }

    void goldenRougeScore()
    {
        const std::string path = std::string(PERSONA_TEST_DATA) + "/metrics/golden_metrics.json";
        std::ifstream in(path);
        QVERIFY2(in, qPrintable(QString::fromStdString(path) + " missing (tools/make_golden_metrics.py)"));
        const auto golden = nlohmann::json::parse(in);
        int n = 0;
        for (const auto& pair : golden["rouge"]) {
            const std::string ref = pair["reference"];
            const std::string cand = pair["candidate"];
            const RougeScore r1 = rouge1(ref, cand);
            const RougeScore rl = rougeL(ref, cand);
            const QString what = QString::fromStdString("'" + ref + "' vs '" + cand + "'");
            for (const auto& [got, name] : {std::pair{r1, "rouge1"}, std::pair{rl, "rougeL"}}) {
                const auto& want = pair[name];
                QVERIFY2(std::abs(got.precision - want["precision"].get<double>()) < 1e-12, qPrintable(what + " " + name));
                QVERIFY2(std::abs(got.recall - want["recall"].get<double>()) < 1e-12, qPrintable(what + " " + name));
                QVERIFY2(std::abs(got.fmeasure - want["fmeasure"].get<double>()) < 1e-12, qPrintable(what + " " + name));
            }
            ++n;
        }
        QVERIFY(n >= 30);
    }
};

QTEST_APPLESS_MAIN(TestTextMetrics)
#include "test_text_metrics.moc"
