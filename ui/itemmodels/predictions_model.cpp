#include "ui/itemmodels/predictions_model.h"

#include "ui/itemmodels/column_filter.h"
#include "ui/workers/loaded_dataset.h"

#include <QColor>

#include <cmath>

namespace persona::ui {
namespace {

QString text(const std::string& s)
{
    return QString::fromStdString(s);
}

// The per-user score: F1 for the genre task, Persona-F1 for next-item; NaN when absent.
double score(const store::PredictionRecord& p)
{
    for (const char* key : {"f1", "personaF1"})
        if (p.metrics.is_object() && p.metrics.contains(key) && p.metrics[key].is_number())
            return p.metrics[key].get<double>();
    return std::nan("");
}

QString likedText(const nlohmann::json& genres)
{
    if (!genres.is_object() || !genres.contains("liked"))
        return {};
    const QString liked = PredictionsModel::joined(genres["liked"]);
    const QString disliked = genres.contains("disliked") ? PredictionsModel::joined(genres["disliked"]) : QString();
    return PredictionsModel::tr("liked: %1 · not liked: %2")
        .arg(liked.isEmpty() ? QStringLiteral("—") : liked, disliked.isEmpty() ? QStringLiteral("—") : disliked);
}

QString oneLine(QString s)
{
    s.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return s;
}

} // namespace

PredictionsModel::PredictionsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void PredictionsModel::setPredictions(std::int64_t runId, std::vector<store::PredictionRecord> predictions)
{
    beginResetModel();
    m_runId = runId;
    m_rows = std::move(predictions);
    endResetModel();
}

QString PredictionsModel::joined(const nlohmann::json& names)
{
    QStringList parts;
    if (names.is_array())
        for (const auto& n : names)
            parts << (n.is_string() ? text(n.get<std::string>()) : text(n.dump()));
    return parts.join(QStringLiteral(", "));
}

int PredictionsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int PredictionsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags PredictionsModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && (index.column() == NoteColumn || index.column() == TagsColumn))
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant PredictionsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const store::PredictionRecord& p = m_rows[static_cast<std::size_t>(index.row())];
    const int c = index.column();
    if (role == PredictionIdRole)
        return static_cast<qlonglong>(p.id);
    if (role == Qt::ToolTipRole && (c == OutputColumn || c == NoteColumn))
        return c == OutputColumn ? text(p.output) : text(p.note);
    if (role == Qt::TextAlignmentRole && (c == F1Column || c == TokensColumn || c == LatencyColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && c == F1Column && score(p) == 0.0)
        return QColor(Qt::darkRed); // nothing right for this user
    const bool sort = role == kSortRole;
    if (role != Qt::DisplayRole && role != Qt::EditRole && !sort)
        return {};
    switch (c) {
    case UserColumn: {
        bool numeric = false;
        const qlonglong n = text(p.userId).toLongLong(&numeric);
        return sort && numeric ? QVariant(n) : QVariant(text(p.userId)); // user 2 before user 10
    }
    case F1Column: {
        const double s = score(p);
        if (!std::isfinite(s))
            return {};
        return sort ? QVariant(s) : QVariant(QString::number(s, 'f', 3));
    }
    case AnswerColumn: return likedText(p.genres);
    case TruthColumn: {
        if (!p.metrics.is_object())
            return {};
        if (p.metrics.contains("truth"))
            return likedText(p.metrics["truth"]);
        if (p.metrics.contains("target") && p.metrics["target"].is_string())
            return oneLine(text(p.metrics["target"].get<std::string>()));
        return {};
    }
    case OutputColumn: return oneLine(text(p.output));
    case NoteColumn: return text(p.note);
    case TagsColumn: return joined(p.tags);
    case TokensColumn: return p.inputTokens ? QVariant(static_cast<qlonglong>(*p.inputTokens)) : QVariant();
    case LatencyColumn:
        if (!p.latencyMs)
            return {};
        return sort ? QVariant(*p.latencyMs) : QVariant(QString::number(*p.latencyMs, 'f', 0));
    default: return {};
    }
}

bool PredictionsModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || index.row() >= rowCount()
        || (index.column() != NoteColumn && index.column() != TagsColumn))
        return false;
    store::PredictionRecord& p = m_rows[static_cast<std::size_t>(index.row())];
    if (index.column() == NoteColumn)
        p.note = value.toString().toStdString();
    else
        p.tags = tagsJson(tagsFromText(value.toString()));
    emit dataChanged(index, index);
    QStringList tags;
    for (const auto& t : p.tags)
        tags << (t.is_string() ? text(t.get<std::string>()) : text(t.dump()));
    emit noteEdited(static_cast<qint64>(p.id), text(p.note), tags);
    return true;
}

QVariant PredictionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case UserColumn: return tr("User");
    case F1Column: return tr("F1");
    case AnswerColumn: return tr("Answer");
    case TruthColumn: return tr("Truth");
    case OutputColumn: return tr("Output");
    case NoteColumn: return tr("Note");
    case TagsColumn: return tr("Tags");
    case TokensColumn: return tr("Input tokens");
    case LatencyColumn: return tr("Latency (ms)");
    default: return {};
    }
}

} // namespace persona::ui
