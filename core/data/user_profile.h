// Profile-augmented prompting (the survey's input-level personalization, seeds/002): a compact
// summary of the sampled history (per-genre counts and mean ratings, the highest and lowest rated
// items) written into the text prompt in place of, or before, the item list. Computed from the
// shown positions only, never from the rest of the history. Leaves out the prompts (baselines.h,
// next_item_task.h) and the labels (genre_task.h).
#pragma once

#include "core/data/dataset.h"
#include "core/data/genre_task.h"

#include <cstddef>
#include <string>
#include <vector>

namespace persona::data {

// What a text prompt shows of the sampled history: the item list (PERSOMA's text prompting), the
// profile alone, or the profile and then the item list.
enum class PromptContent { History, Profile, ProfileHistory };
// "history", "profile", "profile-history".
const char* promptContentName(PromptContent content);
// Accepts the names above (and "both" for profile-history); ConfigError listing them otherwise.
PromptContent parsePromptContent(const std::string& name);
std::vector<PromptContent> allPromptContents();

struct GenreProfile {
    std::uint16_t genre = 0;  // index into Dataset::genres
    std::size_t items = 0;    // shown items of the genre
    std::size_t rated = 0;    // of them with a rating
    double meanRating = 0.0;  // over the rated ones; 0 when none is rated
};

struct UserProfile {
    std::size_t items = 0;             // shown items
    std::size_t rated = 0;             // of them with a rating
    double meanRating = 0.0;           // over the rated ones; 0 when none is rated
    // Genres of the shown items, most items first (ties: higher mean rating, then genre order).
    std::vector<GenreProfile> genres;
    // Positions (into user.history) of the highest rated shown items, best first (ties: the more
    // recent first), and of the lowest rated, worst first, none of them among the highest; both
    // empty when fewer than two shown items are rated.
    std::vector<std::size_t> highest;
    std::vector<std::size_t> lowest;
};

// The profile of the given history positions (positions outside the history are ignored).
// `extremes` bounds each of highest and lowest; with n rated items each holds at most n / 2.
UserProfile userProfile(const Dataset& ds, const User& user, const std::vector<std::size_t>& positions,
                        std::size_t extremes = 3);

// The profile as prompt lines:
//   "From 10 movies, mean rating 3.6:"
//   "Genres (movies, mean rating): Drama 6 (4.2), Comedy 3 (2.7)"
//   "Rated highest: Fargo (1996) 5; Casablanca (1942) 5"
//   "Rated lowest: Batman Forever (1995) 1"
// Without ratings the genre line gives counts alone and the last two lines are left out; genres
// beyond `maxGenres` are left out (the most watched are kept).
std::string profileText(const Dataset& ds, const User& user, const UserProfile& profile, std::size_t maxGenres = 8);

// What a text prompt says of the shown positions, after `lead` ("Here are movies a user watched"):
//   History:        lead + ", with the user's rating from 1 to 5:\n" + historyText
//   Profile:        lead + ", summarised, with the user's ratings from 1 to 5:\n" + profileText
//   ProfileHistory: the profile, then "\nThe movies, one per line:\n" + historyText
std::string shownHistoryText(const Dataset& ds, const User& user, const std::vector<std::size_t>& positions,
                             const ItemTextOptions& options, PromptContent content, const std::string& lead);

} // namespace persona::data
