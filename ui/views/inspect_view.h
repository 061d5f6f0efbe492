// The Inspect view: for a trained run and the selected user, each soft-prompt token with its
// top-k vocabulary neighbours and cosine similarity (table and QCPColorMap heatmap), a checkpoint
// selector to see how the neighbours change over the run, and CSV export of the neighbour list.
// The neighbours come from the trainer facade (core/api/training.h), not connected yet.
#pragma once

#include <QStringList>
#include <QVector>
#include <QWidget>

class QComboBox;
class QLabel;
class QTableWidget;

namespace persona::ui {

class HeatmapPlot;

// The top-k neighbours of one soft-prompt token, best first.
struct TokenNeighbours {
    int token = 0;
    QStringList words;
    QVector<double> cosines;
};

class InspectView : public QWidget {
    Q_OBJECT
public:
    explicit InspectView(QWidget* parent = nullptr);

    // Checkpoint labels ("step 100", ...); choosing one emits checkpointChosen(index).
    void setCheckpoints(const QStringList& labels);
    void setNeighbours(const QString& title, const QVector<TokenNeighbours>& neighbours);
    void clear(const QString& reason);
    // Writes token,rank,neighbour,cosine with RFC 4180 quoting. False (and errorOccurred) on failure.
    bool exportCsv(const QString& path);

    QTableWidget* table() const { return m_table; }
    HeatmapPlot* heatmap() const { return m_heatmap; }

signals:
    void checkpointChosen(int index);
    void errorOccurred(const QString& title, const QString& message);

private:
    QLabel* m_title = nullptr;
    QComboBox* m_checkpoint = nullptr;
    QTableWidget* m_table = nullptr;
    HeatmapPlot* m_heatmap = nullptr;
    QVector<TokenNeighbours> m_neighbours;
};

} // namespace persona::ui
