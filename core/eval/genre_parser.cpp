#include "core/eval/genre_parser.h"

#include <algorithm>

namespace persona::eval {

namespace {

bool isAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

struct Word {
    std::string text; // lowercased
    std::size_t begin = 0;
    std::size_t end = 0;
};

std::vector<Word> words(std::string_view text)
{
    std::vector<Word> out;
    for (std::size_t i = 0; i < text.size();) {
        if (!isAlnum(text[i])) {
            ++i;
            continue;
        }
        Word w;
        w.begin = i;
        while (i < text.size() && isAlnum(text[i]))
            w.text.push_back(lower(text[i++]));
        w.end = i;
        out.push_back(std::move(w));
    }
    return out;
}

enum class Kind { Liked, Disliked };
struct Marker {
    Kind kind;
    std::size_t begin; // byte offset where the marker starts
    std::size_t end;   // byte offset after it (where the list begins)
};

std::vector<Marker> markers(std::string_view text)
{
    const auto w = words(text);
    std::vector<Marker> out;
    auto genreWordAt = [&](std::size_t k) { return k < w.size() && (w[k].text == "genre" || w[k].text == "genres"); };
    for (std::size_t k = 0; k < w.size(); ++k) {
        std::optional<Kind> kind;
        std::size_t last = k;
        if (w[k].text == "not" && k + 1 < w.size() && (w[k + 1].text == "liked" || w[k + 1].text == "like")) {
            kind = Kind::Disliked;
            last = k + 1;
        } else if (w[k].text == "disliked" || w[k].text == "dislike" || w[k].text == "dislikes") {
            kind = Kind::Disliked;
        } else if (w[k].text == "liked") {
            kind = Kind::Liked;
        }
        if (!kind)
            continue;
        if (genreWordAt(last + 1))
            ++last;
        out.push_back({*kind, w[k].begin, w[last].end});
        k = last;
    }
    return out;
}

bool isEmptyWord(const std::string& key)
{
    return key == "none" || key == "nothing" || key == "na" || key == "nil" || key == "empty";
}

template <typename T>
void addUnique(std::vector<T>& v, const T& x)
{
    if (std::find(v.begin(), v.end(), x) == v.end())
        v.push_back(x);
}

} // namespace

std::string genreKey(std::string_view name)
{
    std::string key;
    for (char c : name) {
        if (isAlnum(c))
            key.push_back(lower(c));
    }
    return key;
}

GenreVocabulary::GenreVocabulary(std::vector<std::string> genres) : m_genres(std::move(genres))
{
    for (std::size_t i = 0; i < m_genres.size(); ++i)
        m_keys.emplace(genreKey(m_genres[i]), static_cast<std::uint16_t>(i));
}

std::optional<std::uint16_t> GenreVocabulary::find(std::string_view name) const
{
    const std::string key = genreKey(name);
    if (key.empty())
        return std::nullopt;
    if (auto it = m_keys.find(key); it != m_keys.end())
        return it->second;
    if (auto it = m_keys.find(key + "s"); it != m_keys.end())
        return it->second;
    if (key.size() > 1 && key.back() == 's') {
        if (auto it = m_keys.find(key.substr(0, key.size() - 1)); it != m_keys.end())
            return it->second;
    }
    return std::nullopt;
}

ParsedGenres parseGenreText(std::string_view text, const GenreVocabulary& vocab)
{
    ParsedGenres out;
    const auto marks = markers(text);
    for (std::size_t m = 0; m < marks.size(); ++m) {
        const std::size_t stop = m + 1 < marks.size() ? marks[m + 1].begin : text.size();
        const std::string_view section = text.substr(marks[m].end, stop - marks[m].end);
        const bool liked = marks[m].kind == Kind::Liked;
        (liked ? out.foundLiked : out.foundDisliked) = true;
        // Cut the section into names at separators and at the word "and".
        std::vector<std::string> pieces(1);
        const auto w = words(section);
        std::size_t wi = 0;
        for (std::size_t i = 0; i < section.size(); ++i) {
            const char c = section[i];
            if (wi < w.size() && i == w[wi].begin) {
                if (w[wi].text == "and") {
                    pieces.emplace_back();
                } else {
                    pieces.back() += section.substr(w[wi].begin, w[wi].end - w[wi].begin);
                }
                i = w[wi].end - 1;
                ++wi;
                continue;
            }
            if (c == ',' || c == ';' || c == '.' || c == '|' || c == '/' || c == '&' || c == '\n')
                pieces.emplace_back();
        }
        for (const auto& piece : pieces) {
            const std::string key = genreKey(piece);
            if (key.empty() || isEmptyWord(key))
                continue;
            if (auto g = vocab.find(piece))
                addUnique(liked ? out.liked : out.disliked, *g);
            else
                addUnique(liked ? out.unknownLiked : out.unknownDisliked, key);
        }
    }
    return out;
}

} // namespace persona::eval
