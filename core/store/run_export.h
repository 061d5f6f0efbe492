// Export of one run as JSON (config, metrics, predictions, artifacts, BO trials) or CSV (metrics,
// predictions), and import of the JSON into any store as a new run with the same content.
// Leaves out the files the artifacts point to (only their paths and hashes travel).
#pragma once

#include "core/store/store.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace persona::store {

inline constexpr const char* kRunExportFormat = "persona-run";
inline constexpr int kRunExportVersion = 1;

// The run's own fields (no dataset, curves or records) as the "run" object of an export.
nlohmann::json runRecordJson(const RunRecord& run);

// The run as one JSON document. Non-finite metric values are written as the strings "nan",
// "inf", "-inf" (JSON has no such numbers). Throws StoreError when the run does not exist.
nlohmann::json exportRunJson(Store& store, std::int64_t runId);

// CSV with a header row, RFC 4180 quoting. Metrics: step,name,value. Predictions: user_id,output,
// genres,metrics,input_tokens,latency_ms,note,tags (JSON columns hold compact JSON).
std::string exportMetricsCsv(Store& store, std::int64_t runId);
std::string exportPredictionsCsv(Store& store, std::int64_t runId);

// Adds the run in `doc` to the store in one transaction and returns its new id; everything but
// the ids is kept as it was. Throws FormatError naming `source` and the JSON path of a bad field;
// nothing is written then.
std::int64_t importRunJson(Store& store, const nlohmann::json& doc, const std::string& source = "<json>");

// Reads an export file with size and parse checks; FormatError names the file and byte offset.
nlohmann::json readRunExportFile(const std::filesystem::path& path);

} // namespace persona::store
