// A run's personalization verdict in plain words, from its test figures (the keys of a run's
// metrics.json "test" object, api::personalizationReport): the same sentence when a run ends in
// the Training view and for each run in the Runs view. Empty when the figures are missing.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <QString>

#include <vector>

namespace persona::ui {

// `warn` is set when the run answers users alike or nearly so (shown in a warning colour).
QString personalizationVerdict(const nlohmann::json& testMetrics, bool& warn);

// The colour of warning text (dark orange, readable on light and dark backgrounds).
inline constexpr const char* kWarningColor = "#a04000";

} // namespace persona::ui
