#include "core/api/stored_slices.h"

#include "core/common/csv.h"
#include "core/common/error.h"
#include "core/data/dataset_loader.h"
#include "core/data/user_attributes.h"
#include "core/eval/genre_parser.h"
#include "core/store/store.h"
#include "core/train/slices.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

namespace persona::api {
namespace {

struct LoadedData {
    data::Dataset dataset;
    data::UserAttributes attributes;
};

// The dataset a run's config names (data.dataset, data.dataDir, data.minItemRatings), loaded once
// per resolved path and filter. Throws what the loader throws (naming the file).
const LoadedData& datasetOf(const nlohmann::json& config, std::map<std::string, std::unique_ptr<LoadedData>>& cache)
{
    const nlohmann::json d = config.is_object() && config.contains("data") && config["data"].is_object() ? config["data"]
                                                                                                     : nlohmann::json::object();
    auto text = [&](const char* key, const char* fallback) {
        return d.contains(key) && d[key].is_string() ? d[key].get<std::string>() : std::string(fallback);
    };
    data::LoadOptions options;
    if (d.contains("minItemRatings") && d["minItemRatings"].is_number_unsigned())
        options.minItemRatings = d["minItemRatings"].get<std::uint32_t>();
    const std::string path = data::resolveDatasetPath(text("dataset", "ml-100k"), text("dataDir", "models/data"));
    const std::string key = path + "@" + std::to_string(options.minItemRatings);
    auto& slot = cache[key];
    if (!slot) {
        auto loaded = std::make_unique<LoadedData>();
        loaded->dataset = data::loadDataset(path, options);
        loaded->attributes = data::loadUserAttributes(loaded->dataset);
        slot = std::move(loaded);
    }
    return *slot;
}

std::vector<std::uint16_t> genreIds(const data::Dataset& ds, const nlohmann::json& names)
{
    std::vector<std::uint16_t> ids;
    if (!names.is_array())
        return ids;
    for (const auto& n : names) {
        if (!n.is_string())
            continue;
        const auto it = std::find(ds.genres.begin(), ds.genres.end(), n.get<std::string>());
        if (it != ds.genres.end())
            ids.push_back(static_cast<std::uint16_t>(it - ds.genres.begin()));
    }
    return ids;
}

} // namespace

StoredSlices storedSlices(const std::string& storePath, const std::vector<std::int64_t>& runIds, const std::string& attribute)
{
    store::StoreOptions options;
    options.readOnly = true;
    options.markInterrupted = false;
    store::Store s(storePath, options);
    std::map<std::string, std::unique_ptr<LoadedData>> datasets;
    StoredSlices out;
    out.attribute = attribute;
    for (const std::int64_t id : runIds) {
        RunSlices r;
        r.runId = id;
        try {
            const auto record = s.findRun(id);
            if (!record)
                throw ConfigError(storePath + ": has no run " + std::to_string(id));
            std::string method = record->method;
            if (record->config.is_object() && record->config.contains("method") && record->config["method"].is_string())
                method = record->config["method"].get<std::string>();
            r.label = "#" + std::to_string(id) + " " + record->name + " (" + method + ")";
            const LoadedData& data = datasetOf(record->config, datasets);
            const data::Dataset& ds = data.dataset;
            r.dataset = ds.source;
            const std::vector<std::string> offered = data::sliceAttributeNames(data.attributes);
            if (out.attributes.empty())
                out.attributes = offered;
            if (out.attribute.empty() && !offered.empty())
                out.attribute = offered.front();
            // The test pass's predictions: the ones that carry their truth (Compare's answers do not).
            train::EvalResult result;
            const eval::GenreVocabulary vocabulary(ds.genres);
            for (const store::PredictionRecord& p : s.predictions(id)) {
                if (!p.metrics.is_object() || !p.metrics.contains("truth") || !p.metrics["truth"].is_object())
                    continue;
                const auto user = ds.findUser(p.userId);
                if (!user)
                    continue;
                train::UserPrediction u;
                u.user = *user;
                u.userKey = p.userId;
                u.text = p.output;
                u.parsed = eval::parseGenreText(p.output, vocabulary); // as the test pass parsed it
                u.truth.liked = genreIds(ds, p.metrics["truth"].value("liked", nlohmann::json::array()));
                u.truth.disliked = genreIds(ds, p.metrics["truth"].value("disliked", nlohmann::json::array()));
                result.predictions.push_back(std::move(u));
            }
            if (result.predictions.empty())
                throw ConfigError("run " + std::to_string(id) + " has no stored test predictions with their truth "
                                  "(a genre-task run's test pass stores them)");
            for (const train::SliceScores& sc : train::sliceEvaluation(ds, result, data.attributes, {out.attribute}))
                r.rows.push_back({sc.value, sc.users, sc.f1, sc.crossUserF1, sc.distinctOutputs});
        } catch (const StoreError&) {
            throw;
        } catch (const std::exception& e) {
            r.error = e.what();
        }
        out.runs.push_back(std::move(r));
    }
    return out;
}

std::string storedSlicesCsv(const StoredSlices& slices)
{
    auto number = [](double v) { return std::isnan(v) ? std::string() : csvNumber(v); };
    std::string csv = "run_id,run,attribute,value,users,f1,cross_user_f1,distinct_answers\n";
    for (const RunSlices& r : slices.runs)
        for (const SliceRow& row : r.rows)
            csv += std::to_string(r.runId) + "," + csvField(r.label) + "," + csvField(slices.attribute) + "," +
                   csvField(row.value) + "," + std::to_string(row.users) + "," + number(row.f1) + "," +
                   number(row.crossUserF1) + "," + std::to_string(row.distinctOutputs) + "\n";
    return csv;
}

} // namespace persona::api
