#include "core/train/slices.h"

#include "core/common/error.h"
#include "core/eval/classification_metrics.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace persona::train {

void checkSliceAttributes(const data::Dataset& ds, const data::UserAttributes& attributes,
                          const std::vector<std::string>& by)
{
    const std::vector<std::string> names = data::sliceAttributeNames(attributes);
    for (const std::string& name : by)
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            std::string list;
            for (const std::string& n : names)
                list += (list.empty() ? "" : ", ") + n;
            throw ConfigError("slice attribute '" + name + "' is not one this dataset has (" + ds.source +
                              (attributes.file.empty() ? ", no user file" : ", user file " + attributes.file) + "): " +
                              list);
        }
}

std::vector<SliceScores> sliceEvaluation(const data::Dataset& ds, const EvalResult& result,
                                         const data::UserAttributes& attributes, const std::vector<std::string>& by)
{
    checkSliceAttributes(ds, attributes, by);
    std::vector<SliceScores> out;
    for (const std::string& name : by) {
        std::map<std::string, std::vector<const UserPrediction*>> groups;
        for (const UserPrediction& p : result.predictions)
            groups[data::userAttributeValue(ds, p.user, p.truth, attributes, name)].push_back(&p);
        std::vector<std::string> values;
        for (const auto& [value, users] : groups)
            values.push_back(value);
        std::sort(values.begin(), values.end(),
                  [&](const std::string& a, const std::string& b) { return data::attributeValueLess(name, a, b); });
        for (const std::string& value : values) {
            const auto& users = groups[value];
            SliceScores s;
            s.attribute = name;
            s.value = value;
            s.users = users.size();
            std::set<std::string> texts;
            for (const UserPrediction* p : users)
                texts.insert(p->text);
            s.distinctOutputs = texts.size();
            if (result.task == methods::TaskKind::NextItem) {
                double sum = 0.0;
                for (const UserPrediction* p : users)
                    sum += p->rougeL;
                s.rougeL = sum / static_cast<double>(users.size());
            } else {
                eval::MultiLabelScorer scorer(ds.genres);
                for (const UserPrediction* p : users)
                    scorer.add(p->truth, p->parsed);
                s.f1 = scorer.result().weighted.f1;
                s.crossUserF1 = scorer.crossUserF1();
            }
            out.push_back(std::move(s));
        }
    }
    return out;
}

nlohmann::json slicesJson(const std::vector<SliceScores>& slices)
{
    auto num = [](double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); };
    nlohmann::json out = nlohmann::json::array();
    for (const SliceScores& s : slices)
        out.push_back({{"attribute", s.attribute},
                       {"value", s.value},
                       {"users", s.users},
                       {"f1", num(s.f1)},
                       {"crossUserF1", num(s.crossUserF1)},
                       {"distinctOutputs", s.distinctOutputs},
                       {"rougeL", num(s.rougeL)}});
    return out;
}

} // namespace persona::train
