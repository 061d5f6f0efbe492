#include "ui/views/personalization_text.h"

#include "core/api/diagnostics.h"

#include <nlohmann/json.hpp>

#include <QCoreApplication>

#include <cmath>
#include <map>
#include <string>

namespace persona::ui {

namespace {
// The sentences keep the Training view's translation context, where they were first written
// (QT_TRANSLATE_NOOP marks them for lupdate).
constexpr const char* kContext = "persona::ui::TrainingView";
const char* const kNone = QT_TRANSLATE_NOOP("persona::ui::TrainingView",
                                            "Warning: this run does not personalize. It gives every user the same "
                                            "answer, whatever their history.");
const char* const kWeak = QT_TRANSLATE_NOOP("persona::ui::TrainingView",
                                            "Warning: this run barely personalizes: %1 different answers for %2 users.");
const char* const kPersonal = QT_TRANSLATE_NOOP("persona::ui::TrainingView",
                                                "It personalizes: different users get different answers, and they fit "
                                                "each user's own genres better than other users'.");
const char* const kNorms = QT_TRANSLATE_NOOP("persona::ui::TrainingView",
                                             "User soft tokens at %1x a word's norm; users' tokens differ by %2 %.");

QString tr(const char* text)
{
    return QCoreApplication::translate(kContext, text);
}
} // namespace

QString personalizationVerdict(const nlohmann::json& t, bool& warn)
{
    const api::PersonalizationReport r = api::personalizationReport(t);
    warn = r.level == api::Personalization::None || r.level == api::Personalization::Weak;
    QString text;
    switch (r.level) {
    case api::Personalization::Unknown: return {};
    case api::Personalization::None: text = tr(kNone); break;
    case api::Personalization::Weak: text = tr(kWeak).arg(r.distinctOutputs).arg(r.users); break;
    case api::Personalization::Personal: text = tr(kPersonal); break;
    }
    if (!std::isnan(r.userTokenNorm) && r.vocabularyNorm > 0)
        text += QStringLiteral(" ") + tr(kNorms)
                                          .arg(r.userTokenNorm / r.vocabularyNorm, 0, 'f', 1)
                                          .arg(100 * r.userTokenSpread, 0, 'f', 1);
    return text;
}

} // namespace persona::ui
