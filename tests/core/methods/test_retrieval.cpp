// Tests retrieval-augmented sampling's vectors (core/methods/retrieval_index.h, core/api/retrieval.h):
// on the default MiniLM and MovieLens 100K each genre's description retrieves an item of that
// genre first; a run with data.sampling retrieval (the zero-shot method, which loads no encoder
// otherwise, and PERSOMA) samples exactly what the API shows the GUI and the CLI; MiLP's search
// refuses it by name. The choice of items itself is tested by hand in test_sampling.
#include "core/api/models.h"
#include "core/api/retrieval.h"
#include "core/common/error.h"
#include "core/data/dataset_loader.h"
#include "core/methods/milp/search/milp_config.h"
#include "core/methods/retrieval_index.h"
#include "core/train/run.h"
#include "tiny_configs.h"

#include <QtTest/QtTest>

#include <cmath>
#include <filesystem>

using namespace persona;

namespace {

double norm(const float* v, std::size_t dim)
{
    double s = 0.0;
    for (std::size_t k = 0; k < dim; ++k)
        s += static_cast<double>(v[k]) * v[k];
    return std::sqrt(s);
}

} // namespace

class TestRetrieval : public QObject {
    Q_OBJECT
private slots:
    void genreDescriptionsFindTheirGenre()
    {
        const api::ModelPaths paths = api::defaultModelPaths();
        if (!std::filesystem::exists(paths.dataset) || !std::filesystem::exists(paths.encoder))
            QSKIP("the default encoder or MovieLens 100K is missing: run scripts/setup.sh");
        const data::Dataset ds = data::loadDataset(paths.dataset);
        QTemporaryDir cache;
        const auto index = api::retrievalIndex(ds, "genres", {}, cache.path().toStdString());
        const std::size_t dim = index->dim;
        QCOMPARE(dim, std::size_t(384));
        QCOMPARE(index->items.size(), ds.items.size() * dim);
        QCOMPARE(index->queries.size(), ds.genres.size() * dim);
        for (std::size_t i = 0; i < ds.items.size(); ++i)
            QVERIFY(std::abs(norm(index->items.data() + i * dim, dim) - 1.0) < 1e-4);
        // Over the whole catalogue the ten items closest to "Genres: Horror" are mostly horror films,
        // and so on: at least 3 and twice chance for every genre, 147 of 180 in all (rare genres
        // fare worst: Musical 3, Documentary, Fantasy and Mystery 5; a title can pull an item of
        // another genre close: the closest to "Genres: Children's" is the drama "Kids (1995)").
        int total = 0;
        for (std::size_t g = 0; g < ds.genres.size(); ++g) {
            const float* q = index->queries.data() + g * dim;
            QVERIFY(std::abs(norm(q, dim) - 1.0) < 1e-4);
            std::vector<std::pair<double, std::size_t>> scored;
            for (std::size_t i = 0; i < ds.items.size(); ++i) {
                double s = 0.0;
                for (std::size_t k = 0; k < dim; ++k)
                    s += static_cast<double>(q[k]) * index->items[i * dim + k];
                scored.emplace_back(s, i);
            }
            std::partial_sort(scored.begin(), scored.begin() + 10, scored.end(), std::greater<>());
            int ofGenre = 0;
            for (int r = 0; r < 10; ++r) {
                const auto& genres = ds.items[scored[static_cast<std::size_t>(r)].second].genres;
                ofGenre += std::find(genres.begin(), genres.end(), g) != genres.end() ? 1 : 0;
            }
            qInfo("%s: %d of the 10 closest", ds.genres[g].c_str(), ofGenre);
            total += ofGenre;
            // Far above chance: a genre's share of the catalogue (Musical: 56 of 1,682 items).
            double share = 0.0;
            for (const auto& item : ds.items)
                share += std::find(item.genres.begin(), item.genres.end(), g) != item.genres.end() ? 1.0 : 0.0;
            share /= static_cast<double>(ds.items.size());
            QVERIFY2(ofGenre >= std::max(3.0, 2.0 * 10 * share),
                     qPrintable(QString::fromStdString(ds.genres[g]) + ": " + QString::number(ofGenre)));
        }
        QVERIFY2(total >= 140, qPrintable(QString::number(total))); // 147 of 180 with all-MiniLM-L6-v2
        // The next-item task has no queries (the recent items are the query), and reads the cache.
        const auto next = api::retrievalIndex(ds, "next-item", {}, cache.path().toStdString());
        QVERIFY(next->queries.empty());
        QCOMPARE(next->items, index->items);
        // A sample of a real user: ten different positions of the user's history, chronological.
        data::HistorySampler sampler(ds);
        sampler.setRetrieval(index);
        const auto kept = sampler.sample(ds.users[0], data::SamplingStrategy::Retrieval, 10);
        QCOMPARE(kept.size(), std::size_t(10));
        QVERIFY(std::is_sorted(kept.begin(), kept.end()) && std::adjacent_find(kept.begin(), kept.end()) == kept.end());
        QVERIFY_THROWS_EXCEPTION(ConfigError, api::retrievalIndex(ds, "ratings"));
    }

    void aRunSamplesWhatTheApiShows()
    {
        const std::string tiny = std::string(PERSONA_TEST_DATA) + "/nn/tiny_train/";
        for (const char* method : {"zero-shot", "persoma"}) {
            nlohmann::json j = testing::tinyPersomaJson("retrieval", "/tmp/unused-retrieval-run", 0, 0);
            j["method"] = method;
            if (std::string(method) != "persoma")
                j.erase("persoma");
            j["data"]["sampling"] = "retrieval";
            train::Run run(train::RunConfig::fromJson(j));
            const auto examples = run.examples(data::Split::Test, 0);
            QVERIFY(!examples.empty());
            data::HistorySampler sampler(run.dataset());
            sampler.setRetrieval(api::retrievalIndex(run.dataset(), "genres", tiny + "encoder"));
            bool other = false; // retrieval is not recency on every user
            for (const auto& e : examples) {
                const data::User& user = run.dataset().users[e.user];
                QCOMPARE(e.positions, sampler.sample(user, data::SamplingStrategy::Retrieval, 3));
                other = other || e.positions != sampler.sample(user, data::SamplingStrategy::Recency, 3);
            }
            QVERIFY2(other, method);
        }
    }

    void milpSearchRefusesIt()
    {
        nlohmann::json j = testing::tinyMilpJson("milp-retrieval", "/tmp/unused-milp-run");
        j["data"]["sampling"] = "retrieval";
        try {
            train::MilpRunConfig::fromJson(j);
            QFAIL("no ConfigError");
        } catch (const ConfigError& e) {
            QVERIFY2(QString(e.what()).contains("data.sampling") && QString(e.what()).contains("retrieval"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestRetrieval)
#include "test_retrieval.moc"
