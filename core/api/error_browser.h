// The error browser's order (Compare, issue 35): the users of stored runs' predictions (the test pass
// training stored, and any answer Compare saved since: the latest per user) ranked for stepping
// through them one by one: a run's lowest-scoring users first, or the users on whom two runs differ
// most, filtered by a tag the analyst gave and by a slice (an attribute value of the user). Reads
// the test predictions training stored (no model runs: instant). Torch-free. Leaves out showing the
// users (the Compare view selects each in turn).
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace persona::api {

enum class UserOrder {
    LowestScore, // the run's F1 (ROUGE-L for next-item runs), lowest first
    LargestGap,  // |score in run - score in otherRun|, largest first
};

struct UserRankRequest {
    std::string storePath;
    std::int64_t run = 0;
    std::int64_t otherRun = 0;   // LargestGap only
    UserOrder order = UserOrder::LowestScore;
    std::string tag;             // only users whose prediction (in either run) has this tag; "" = any
    // Only the users of this slice (data/user_attributes.h names: "age", "history", ...); "" = all.
    // Needs `dataset`, the run's dataset as loaded (the GUI's); its user file is read for the
    // attributes of the file.
    std::string sliceAttribute, sliceValue;
    const data::Dataset* dataset = nullptr;
};

struct RankedUser {
    std::string user;
    double score = std::numeric_limits<double>::quiet_NaN();
    double otherScore = std::numeric_limits<double>::quiet_NaN(); // LargestGap
    double gap = std::numeric_limits<double>::quiet_NaN();        // score - otherScore
    std::string output, otherOutput;
    std::vector<std::string> tags; // of both runs' predictions, each once
};

struct UserRanking {
    std::vector<RankedUser> users;        // in browsing order, the filters applied
    std::size_t predictions = 0;          // the run's stored test predictions before the filters
    std::vector<std::string> tags;        // every tag on the runs' predictions, sorted
    std::vector<std::string> sliceValues; // with sliceAttribute (and a dataset): its values among the run's users
};

// StoreError / ConfigError naming the run for a run id the store lacks, a run with no stored
// predictions, LargestGap without otherRun, a slice without a dataset or with an attribute the
// dataset lacks. Users the dataset does not have fall in the slice value "unknown".
UserRanking rankUsers(const UserRankRequest& request);

// The attributes a slice can name for this dataset: its user file's, then history, rating, genres.
std::vector<std::string> sliceAttributes(const data::Dataset& dataset);

} // namespace persona::api
