// Tests core/eval/classification_metrics.cpp: a hand-computed two-user case, the cross-user F1 by
// hand, then the golden suites of tools/make_golden_metrics.py (scikit-learn
// precision_recall_fscore_support on indicator matrices, and its mean over shifted truths), whose
// prediction texts also go through the parser.
#include "core/eval/classification_metrics.h"

#include "core/common/error.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <fstream>

using namespace persona;
using namespace persona::eval;

namespace {

data::GenreLabels labels(std::vector<std::uint16_t> liked, std::vector<std::uint16_t> disliked)
{
    data::GenreLabels l;
    l.liked = std::move(liked);
    l.disliked = std::move(disliked);
    return l;
}

std::vector<std::uint16_t> ids(const GenreVocabulary& vocab, const nlohmann::json& names)
{
    std::vector<std::uint16_t> out;
    for (const auto& n : names)
        out.push_back(*vocab.find(n.get<std::string>()));
    return out;
}

void compareScores(const PrfScores& got, const nlohmann::json& want, const QString& what)
{
    const double tol = 1e-12;
    QVERIFY2(std::abs(got.precision - want["precision"].get<double>()) < tol,
             qPrintable(what + QString(" precision %1 vs %2").arg(got.precision, 0, 'g', 17).arg(want["precision"].get<double>(), 0, 'g', 17)));
    QVERIFY2(std::abs(got.recall - want["recall"].get<double>()) < tol,
             qPrintable(what + QString(" recall %1 vs %2").arg(got.recall, 0, 'g', 17).arg(want["recall"].get<double>(), 0, 'g', 17)));
    QVERIFY2(std::abs(got.f1 - want["f1"].get<double>()) < tol,
             qPrintable(what + QString(" f1 %1 vs %2").arg(got.f1, 0, 'g', 17).arg(want["f1"].get<double>(), 0, 'g', 17)));
}

} // namespace

class TestClassificationMetrics : public QObject {
    Q_OBJECT
private slots:
    // Genres A, B. u1: true liked {A}, disliked {B}; predicted liked {A, B}.
    // u2: true liked {A, B}; predicted liked {A, Biopic}, disliked {B}.
    // liked:A tp 2 (support 2); liked:B fp 1 fn 1 (support 1); disliked:A nothing; disliked:B fp 1
    // fn 1 (support 1); liked:?biopic fp 1. Weighted = (2*1 + 0 + 0) / 4 = 0.5 for P, R and F1;
    // micro P = 2/5, R = 2/4, F1 = 4/9; macro = 1/5 over the 5 classes.
    void handComputed()
    {
        const GenreVocabulary vocab({"A", "B"});
        MultiLabelScorer scorer(vocab.names());
        scorer.add(labels({0}, {1}), labels({0, 1}, {}));
        scorer.add(labels({0, 1}, {}), parseGenreText("Liked Genres: A, Biopic. Not Liked Genres: B", vocab));
        const ClassificationReport r = scorer.result();
        QCOMPARE(r.samples, std::size_t(2));
        QCOMPARE(r.classes.size(), std::size_t(5));
        QCOMPARE(r.classes[4].label, std::string("liked:?biopic"));
        QCOMPARE(r.weighted.precision, 0.5);
        QCOMPARE(r.weighted.recall, 0.5);
        QCOMPARE(r.weighted.f1, 0.5);
        QCOMPARE(r.micro.precision, 0.4);
        QCOMPARE(r.micro.recall, 0.5);
        QCOMPARE(r.micro.f1, 4.0 / 9.0);
        QCOMPARE(r.macro.precision, 0.2);
        QCOMPARE(r.macro.recall, 0.2);
        QCOMPARE(r.macro.f1, 0.2);
    }

    void perfectAndEmpty()
    {
        MultiLabelScorer empty({"A"});
        QCOMPARE(empty.result().weighted.f1, 0.0);
        MultiLabelScorer scorer({"A", "B", "C"});
        scorer.add(labels({2, 0}, {1}), labels({0, 2}, {1}));
        QCOMPARE(scorer.result().weighted.f1, 1.0);
        QCOMPARE(scorer.result().micro.f1, 1.0);
        QCOMPARE(scorer.result().macro.f1, 0.5); // 3 of the 6 classes never occur
    }

    // One answer for everyone scores the same against other users' truths as against their own;
    // answers that match their own users exactly score lower there.
    void crossUserF1ByHand()
    {
        const std::vector<std::string> genres{"Action", "Comedy", "Drama"};
        const std::vector<data::GenreLabels> truths{labels({0}, {1}), labels({1}, {2}), labels({2}, {0}), labels({0, 1}, {})};
        ParsedGenres same;
        same.liked = {0};
        same.disliked = {2};
        MultiLabelScorer scorer(genres);
        std::vector<ParsedGenres> constant, own;
        for (const auto& t : truths) {
            scorer.add(t, same);
            constant.push_back(same);
            ParsedGenres p;
            p.liked = t.liked;
            p.disliked = t.disliked;
            own.push_back(p);
        }
        QCOMPARE(crossUserF1(genres, truths, constant), scorer.result().weighted.f1);
        QCOMPARE(scorer.crossUserF1(), scorer.result().weighted.f1);
        // Own answers score 1 here; against the others the three shifts score 0.125, 0.25 and 0.125
        // (scikit-learn's weighted F1 on the shifted indicator rows).
        QCOMPARE(crossUserF1(genres, truths, own), 0.5 / 3.0);
        QVERIFY(std::isnan(crossUserF1(genres, {truths[0]}, {own[0]})));
        QVERIFY_THROWS_EXCEPTION(ShapeError, crossUserF1(genres, truths, std::vector<ParsedGenres>(2)));
    }

    void goldenScikitLearn()
    {
        const std::string path = std::string(PERSONA_TEST_DATA) + "/metrics/golden_metrics.json";
        std::ifstream in(path);
        QVERIFY2(in, qPrintable(QString::fromStdString(path) + " missing (tools/make_golden_metrics.py)"));
        const auto golden = nlohmann::json::parse(in);
        std::vector<std::string> genres = golden["genres"];
        const GenreVocabulary vocab(genres);
        int suiteNo = 0;
        std::size_t users = 0;
        for (const auto& suite : golden["classification"]) {
            MultiLabelScorer scorer(genres);
            std::vector<data::GenreLabels> truths;
            std::vector<ParsedGenres> predictions;
            for (const auto& u : suite["users"]) {
                const std::string text = u["text"];
                const ParsedGenres parsed = parseGenreText(text, vocab);
                // The parser recovers the intended sets from the varied text.
                std::vector<std::string> wantLiked, gotLiked;
                for (const auto& n : u["pred_liked"])
                    wantLiked.push_back(vocab.find(n.get<std::string>()) ? n.get<std::string>() : std::string("?").append(genreKey(n.get<std::string>())));
                for (auto g : parsed.liked)
                    gotLiked.push_back(vocab.name(g));
                for (const auto& k : parsed.unknownLiked)
                    gotLiked.push_back(std::string("?").append(k));
                std::sort(wantLiked.begin(), wantLiked.end());
                std::sort(gotLiked.begin(), gotLiked.end());
                QVERIFY2(wantLiked == gotLiked, qPrintable(QString::fromStdString("liked parse of: " + text)));
                QCOMPARE(parsed.disliked.size() + parsed.unknownDisliked.size(), u["pred_disliked"].size());
                scorer.add(labels(ids(vocab, u["true_liked"]), ids(vocab, u["true_disliked"])), parsed);
                truths.push_back(labels(ids(vocab, u["true_liked"]), ids(vocab, u["true_disliked"])));
                predictions.push_back(parsed);
                ++users;
            }
            const ClassificationReport r = scorer.result();
            QCOMPARE(r.classes.size(), suite["classes"].get<std::size_t>());
            const QString what = QString("suite %1").arg(suiteNo++);
            compareScores(r.weighted, suite["scores"]["weighted"], what + " weighted");
            compareScores(r.micro, suite["scores"]["micro"], what + " micro");
            compareScores(r.macro, suite["scores"]["macro"], what + " macro");
            const double cross = crossUserF1(genres, truths, predictions);
            QCOMPARE(scorer.crossUserF1(), cross); // the scorer kept the same pairs
            QVERIFY2(std::abs(cross - suite["scores"]["cross_user_weighted_f1"].get<double>()) < 1e-12,
                     qPrintable(what + " cross-user F1 " + QString::number(cross, 'g', 17)));
        }
        QVERIFY(users >= 30);
    }
};

QTEST_APPLESS_MAIN(TestClassificationMetrics)
#include "test_classification_metrics.moc"
