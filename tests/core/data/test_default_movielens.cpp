// Tests the data pipeline on the default dataset (models/data/ml-100k, RecBole atomic files):
// load time, counts and the label distribution against tools/label_distribution.py (an
// independent Python implementation), and prints the distribution and the Counting baseline on
// the test split for docs/task.md. Skips when the dataset has not been fetched.
#include "core/data/dataset_loader.h"
#include "core/data/genre_task.h"
#include "core/data/sampling.h"
#include "core/data/user_split.h"
#include "core/eval/baselines.h"
#include "core/eval/classification_metrics.h"

#include <QtTest/QtTest>

#include <chrono>
#include <filesystem>
#include <map>

using namespace persona;

namespace {

const std::string kPath = std::string(PERSONA_DATA_DIR) + "/ml-100k";

} // namespace

class TestDefaultMovieLens : public QObject {
    Q_OBJECT
private:
    data::Dataset m_ds;

private slots:
    void initTestCase()
    {
        if (!std::filesystem::exists(kPath + "/ml-100k.inter"))
            QSKIP("models/data/ml-100k not found: run scripts/setup.sh to fetch the default dataset");
        const auto t0 = std::chrono::steady_clock::now();
        m_ds = data::loadDataset(kPath);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        qInfo("loaded %zu ratings in %.3f s", m_ds.ratingCount(), s);
        QVERIFY(s < 3.0);
    }

    void counts()
    {
        QCOMPARE(m_ds.format, data::DatasetFormat::RecBole);
        QCOMPARE(m_ds.users.size(), std::size_t(943));
        QCOMPARE(m_ds.items.size(), std::size_t(939));
        QCOMPARE(m_ds.ratingCount(), std::size_t(94968));
        QCOMPARE(m_ds.genres.size(), std::size_t(18));
        QCOMPARE(m_ds.report.droppedItems, std::uint64_t(1682 - 939));
        QCOMPARE(m_ds.report.skippedLines, std::uint64_t(0));
        data::LoadOptions all;
        all.minItemRatings = 0;
        const data::Dataset full = data::loadDataset(kPath, all);
        QCOMPARE(full.ratingCount(), std::size_t(100000));
        QCOMPARE(full.items.size(), std::size_t(1682));
    }

    void labelDistribution()
    {
        const data::LabelDistribution d = data::labelDistribution(m_ds);
        QCOMPARE(d.usersWithLabels, std::size_t(936));
        QCOMPARE(d.liked, std::size_t(2432));
        QCOMPARE(d.disliked, std::size_t(880));
        const std::map<std::string, std::pair<int, int>> expected = {
            {"War", {359, 32}}, {"Drama", {281, 18}}, {"Crime", {229, 43}}, {"Mystery", {212, 48}},
            {"Romance", {218, 36}}, {"Sci-Fi", {159, 54}}, {"Action", {110, 81}}, {"Adventure", {113, 75}},
            {"Comedy", {90, 89}}, {"Thriller", {114, 65}}, {"Children's", {76, 99}}, {"Musical", {83, 61}},
            {"Horror", {66, 66}}, {"Animation", {94, 35}}, {"Film-Noir", {110, 5}}, {"Western", {71, 15}},
            {"Fantasy", {22, 53}}, {"Documentary", {25, 5}}};
        QCOMPARE(d.genres.size(), expected.size());
        std::string table = "\n| Genre | Liked | Not liked | Total |\n|---|---:|---:|---:|\n";
        for (const auto& g : d.genres) {
            const auto it = expected.find(g.genre);
            QVERIFY2(it != expected.end(), g.genre.c_str());
            QCOMPARE(int(g.liked), it->second.first);
            QCOMPARE(int(g.disliked), it->second.second);
            table += "| " + g.genre + " | " + std::to_string(g.liked) + " | " + std::to_string(g.disliked) + " | " +
                     std::to_string(g.liked + g.disliked) + " |\n";
        }
        table += "| All | " + std::to_string(d.liked) + " | " + std::to_string(d.disliked) + " | " +
                 std::to_string(d.liked + d.disliked) + " |";
        qInfo("%s", table.c_str());
    }

    // Counting on the test split for every strategy and history size (printed for docs/task.md).
    void countingBaseline()
    {
        const data::UserSplit split = data::splitUsers(m_ds);
        QCOMPARE(split.train.size() + split.validation.size() + split.test.size(), std::size_t(936));
        const data::HistorySampler sampler(m_ds);
        std::string table = "\n| Sampling | H5 F1 | H10 F1 | H50 F1 |\n|---|---:|---:|---:|\n";
        for (auto strategy : data::allSamplingStrategies()) {
            if (strategy == data::SamplingStrategy::Retrieval)
                continue; // needs the sentence encoder's vectors: test_retrieval
            table += std::string("| ") + data::samplingName(strategy);
            for (std::size_t n : {5, 10, 50}) {
                eval::MultiLabelScorer scorer(m_ds.genres);
                for (std::size_t u : split.test) {
                    const auto& user = m_ds.users[u];
                    const auto kept = sampler.sample(user, strategy, n, 1234);
                    QVERIFY(kept.size() <= n);
                    scorer.add(data::genreLabels(m_ds, user), eval::countingBaseline(m_ds, user, kept));
                }
                const auto r = scorer.result();
                QVERIFY(r.weighted.f1 > 0.02 && r.weighted.f1 < 0.6);
                table += " | " + QString::number(r.weighted.f1, 'f', 3).toStdString();
            }
            table += " |\n";
        }
        qInfo("%s", table.c_str());
    }
};

QTEST_APPLESS_MAIN(TestDefaultMovieLens)
#include "test_default_movielens.moc"
