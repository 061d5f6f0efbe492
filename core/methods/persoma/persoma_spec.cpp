// PERSOMA in the method registry: built from the "persoma" and "decoder" sections over the history
// encoder's item vectors; before training it fits the item standardization and the answer-sketch
// vocabulary, then warms the sketch up on fresh history samples of the training users.
#include "core/common/log.h"
#include "core/data/dataset.h"
#include "core/methods/item_encoder.h"
#include "core/methods/method_spec.h"
#include "core/methods/persoma/persoma_method.h"

#include <chrono>
#include <iterator>

namespace persona::methods {
namespace {

std::unique_ptr<Method> create(BuildContext& c)
{
    const PersomaConfig pc = persomaConfig(c.sections.persoma, c.sections.decoder, c.history->itemDim(), c.historySize,
                                           c.dataset.genres.size());
    return std::make_unique<PersomaMethod>(c.decoder, *c.tokenizer, pc);
}

nlohmann::json prepare(Method& method, const MethodSections& sections, const PrepareContext& c)
{
    nlohmann::json report = nlohmann::json::object();
    auto* p = asPersoma(method);
    const PersomaSection& s = sections.persoma;
    if (s.standardizeItems)
        p->fitItemStandardization(c.trainSet);
    if (s.sketchWeight > 0.0)
        p->fitAnswerVocabulary(c.trainSet);
    if (!c.warmUp || !s.warmsUp())
        return report;
    // The warm-up learns from the run's own samples and from fresh random samples of the same
    // training users: many subsets of each history, all pointing at the same answer.
    if (c.onPhase)
        c.onPhase("warm-up");
    std::vector<Example> warm = c.trainSet;
    for (std::int64_t k = 1; k <= s.sketchWarmupSamples; ++k) {
        auto more = c.randomSamples(c.seed + static_cast<std::uint64_t>(k));
        std::move(more.begin(), more.end(), std::back_inserter(warm));
    }
    SketchWarmup w;
    w.steps = s.sketchWarmupSteps;
    const auto start = std::chrono::steady_clock::now();
    const double loss = p->warmUpSketch(warm, w);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    log::info(c.runName + ": answer sketch warmed up for " + std::to_string(w.steps) + " steps on " +
              std::to_string(warm.size()) + " history samples in " + std::to_string(seconds) + " s (sketch loss " +
              std::to_string(loss) + ")");
    report["sketchWarmup"] = {{"steps", w.steps}, {"examples", warm.size()}, {"seconds", seconds}, {"sketchLoss", loss}};
    return report;
}

} // namespace

const MethodSpec& persomaSpec()
{
    static const MethodSpec spec{
        .name = "persoma",
        .family = "persoma",
        .title = "PERSOMA",
        .input = InputKind::SoftPrompt,
        .trains = true,
        .nextItem = true,
        .softTokens = true,
        .sections = {"persoma", "decoder"},
        .create = &create,
        // The standardization is fitted on the training items even when nothing trains.
        .fitsOnTrainSet = [](const MethodSections& s) { return s.persoma.standardizeItems; },
        .warmsUp = [](const MethodSections& s) { return s.persoma.warmsUp(); },
        .prepare = &prepare,
    };
    return spec;
}

PersomaMethod* asPersoma(Method& method)
{
    return dynamic_cast<PersomaMethod*>(&method);
}

} // namespace persona::methods
