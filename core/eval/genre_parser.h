// Reads liked and disliked genres back out of generated text ("Liked Genres: A, B. Not Liked
// Genres: C"), tolerant to case, order, spacing and punctuation. Leaves out scoring
// (classification_metrics.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace persona::eval {

// Genre names matched by a key of their ASCII letters and digits, lowercased ("Sci-Fi", "sci fi"
// and "SCIFI" are one name). A key also matches with a trailing "s" added or removed, so
// "Children" finds "Children's" and "Musicals" finds "Musical".
class GenreVocabulary {
public:
    explicit GenreVocabulary(std::vector<std::string> genres);
    std::optional<std::uint16_t> find(std::string_view name) const;
    std::size_t size() const { return m_genres.size(); }
    const std::string& name(std::size_t i) const { return m_genres[i]; }
    const std::vector<std::string>& names() const { return m_genres; }

private:
    std::vector<std::string> m_genres;
    std::unordered_map<std::string, std::uint16_t> m_keys;
};

// The matching key of a name: ASCII letters and digits, lowercased.
std::string genreKey(std::string_view name);

struct ParsedGenres {
    std::vector<std::uint16_t> liked;     // in the order written, no duplicates
    std::vector<std::uint16_t> disliked;
    std::vector<std::string> unknownLiked;    // keys of names not in the vocabulary (false positives)
    std::vector<std::string> unknownDisliked;
    bool foundLiked = false;    // a liked marker was present
    bool foundDisliked = false; // a not-liked marker was present
};

// Sections start at a marker: "liked" (optionally followed by "genre"/"genres") opens the liked
// list; "not liked", "disliked" or "dislike(s)" (optionally + "genre(s)") opens the disliked list.
// Text before the first marker is ignored; a later marker of the same kind appends. Inside a
// section names are separated by , ; . | / & newlines or the word "and"; "none" and "nothing"
// are empty. A genre that appears in both lists is kept in both (it is wrong once).
ParsedGenres parseGenreText(std::string_view text, const GenreVocabulary& vocab);

} // namespace persona::eval
