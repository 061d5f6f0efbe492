#include "core/api/error_browser.h"

#include "core/common/error.h"
#include "core/data/genre_task.h"
#include "core/data/user_attributes.h"
#include "core/store/store.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace persona::api {

namespace {

struct Stored {
    double score = std::numeric_limits<double>::quiet_NaN();
    std::string output;
    std::vector<std::string> tags;
    std::size_t truthGenres = 0; // liked + disliked genres of the stored truth (the "genres" slice)
};

// The run's stored test predictions by user. StoreError naming the run when it has none.
std::map<std::string, Stored> storedPredictions(store::Store& st, std::int64_t runId)
{
    const store::RunRecord record = st.run(runId); // StoreError for an unknown id
    std::map<std::string, Stored> out;
    for (const auto& p : st.predictions(runId)) {
        Stored s;
        s.output = p.output;
        const auto& m = p.metrics;
        for (const char* key : {"f1", "rougeL"})
            if (m.contains(key) && m[key].is_number()) {
                s.score = m[key].get<double>();
                break;
            }
        if (m.contains("truth") && m["truth"].is_object())
            for (const char* side : {"liked", "disliked"})
                if (m["truth"].contains(side) && m["truth"][side].is_array())
                    s.truthGenres += m["truth"][side].size();
        for (const auto& t : p.tags)
            if (t.is_string())
                s.tags.push_back(t.get<std::string>());
        out[p.userId] = std::move(s);
    }
    if (out.empty())
        throw StoreError("run " + std::to_string(runId) + " (" + record.name +
                         ") has no stored test predictions to browse: it has not finished its test pass");
    return out;
}

} // namespace

UserRanking rankUsers(const UserRankRequest& request)
{
    if (request.order == UserOrder::LargestGap && request.otherRun <= 0)
        throw ConfigError("error browser: the largest gap needs a second run");
    if (!request.sliceAttribute.empty() && !request.dataset)
        throw ConfigError("error browser: a slice needs the run's dataset loaded");
    store::StoreOptions so;
    so.readOnly = true;
    store::Store st(request.storePath, so);
    const auto mine = storedPredictions(st, request.run);
    std::map<std::string, Stored> theirs;
    if (request.order == UserOrder::LargestGap)
        theirs = storedPredictions(st, request.otherRun);

    UserRanking ranking;
    ranking.predictions = mine.size();
    std::set<std::string> tags, sliceValues;
    data::UserAttributes attributes;
    if (!request.sliceAttribute.empty()) {
        attributes = data::loadUserAttributes(*request.dataset);
        const auto names = data::sliceAttributeNames(attributes);
        if (std::find(names.begin(), names.end(), request.sliceAttribute) == names.end()) {
            std::string list;
            for (const auto& n : names)
                list += (list.empty() ? "" : ", ") + n;
            throw ConfigError("error browser: slice attribute '" + request.sliceAttribute + "' is not one the dataset " +
                              request.dataset->source + " has: " + list);
        }
    }
    for (const auto& [user, s] : mine) {
        RankedUser r;
        r.user = user;
        r.score = s.score;
        r.output = s.output;
        r.tags = s.tags;
        const auto other = theirs.find(user);
        if (request.order == UserOrder::LargestGap) {
            if (other == theirs.end())
                continue; // only users both runs answered
            r.otherScore = other->second.score;
            r.otherOutput = other->second.output;
            r.gap = r.score - r.otherScore;
            for (const auto& t : other->second.tags)
                if (std::find(r.tags.begin(), r.tags.end(), t) == r.tags.end())
                    r.tags.push_back(t);
        }
        tags.insert(r.tags.begin(), r.tags.end());
        if (!request.sliceAttribute.empty()) {
            std::string value = "unknown";
            if (const auto index = request.dataset->findUser(user)) {
                data::GenreLabels labels; // only its size matters to the "genres" bands
                labels.liked.resize(s.truthGenres);
                value = data::userAttributeValue(*request.dataset, *index, labels, attributes, request.sliceAttribute);
            }
            sliceValues.insert(value);
            if (!request.sliceValue.empty() && value != request.sliceValue)
                continue;
        }
        if (!request.tag.empty() && std::find(r.tags.begin(), r.tags.end(), request.tag) == r.tags.end())
            continue;
        ranking.users.push_back(std::move(r));
    }
    auto nanLast = [](double a, double b, bool ascending) {
        if (std::isnan(a) || std::isnan(b))
            return !std::isnan(a) && std::isnan(b);
        return ascending ? a < b : a > b;
    };
    if (request.order == UserOrder::LowestScore)
        std::stable_sort(ranking.users.begin(), ranking.users.end(),
                         [&](const RankedUser& a, const RankedUser& b) { return nanLast(a.score, b.score, true); });
    else
        std::stable_sort(ranking.users.begin(), ranking.users.end(), [&](const RankedUser& a, const RankedUser& b) {
            return nanLast(std::abs(a.gap), std::abs(b.gap), false);
        });
    ranking.tags.assign(tags.begin(), tags.end());
    ranking.sliceValues.assign(sliceValues.begin(), sliceValues.end());
    if (!request.sliceAttribute.empty())
        std::stable_sort(ranking.sliceValues.begin(), ranking.sliceValues.end(), [&](const std::string& a, const std::string& b) {
            return data::attributeValueLess(request.sliceAttribute, a, b);
        });
    return ranking;
}

std::vector<std::string> sliceAttributes(const data::Dataset& dataset)
{
    return data::sliceAttributeNames(data::loadUserAttributes(dataset));
}

} // namespace persona::api
