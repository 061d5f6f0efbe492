// Table model of one run's predictions as the experiment store keeps them: the user, the F1 (or
// the next-item task's Persona-F1), the parsed answer, the truth, the raw output, the analyst's
// note and tags (editable: an edit is announced through noteEdited for the store to keep), the
// input tokens and the latency. Leaves out reading and writing the store (RunsView does).
#pragma once

#include "core/store/records.h"

#include <QAbstractTableModel>

#include <vector>

namespace persona::ui {

class PredictionsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { UserColumn, F1Column, AnswerColumn, TruthColumn, OutputColumn, NoteColumn, TagsColumn,
                  TokensColumn, LatencyColumn, ColumnCount };
    static constexpr int PredictionIdRole = Qt::UserRole + 1;

    explicit PredictionsModel(QObject* parent = nullptr);

    void setPredictions(std::int64_t runId, std::vector<store::PredictionRecord> predictions);
    std::int64_t runId() const { return m_runId; }
    const std::vector<store::PredictionRecord>& predictions() const { return m_rows; }

    // "Drama, Comedy" from a JSON array of names.
    static QString joined(const nlohmann::json& names);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // Note and tags only; the row shows the new text at once and noteEdited asks for it to be kept.
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

signals:
    void noteEdited(qint64 predictionId, const QString& note, const QStringList& tags);

private:
    std::int64_t m_runId = 0;
    std::vector<store::PredictionRecord> m_rows;
};

} // namespace persona::ui
