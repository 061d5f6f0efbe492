// A QCustomPlot heatmap (QCPColorMap) with a colour scale and text tick labels on both axes, used
// for soft-prompt token x neighbour cosine similarities and Perceiver latent x item attention.
// Leaves out computing the values.
#pragma once

#include <qcustomplot.h>

#include <QStringList>
#include <QVector>

namespace persona::ui {

class HeatmapPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit HeatmapPlot(QWidget* parent = nullptr);

    // values: row-major [rows, columns]; labels name the rows (y) and columns (x).
    void setMatrix(const QStringList& rowLabels, const QStringList& columnLabels, const QVector<double>& values);
    void clearMatrix();
    // Axis titles (x: columns, y: rows) and the colour scale's title.
    void setAxisLabels(const QString& x, const QString& y, const QString& scale);
    int rows() const { return m_rows; }
    int columns() const { return m_columns; }

private:
    QCPColorMap* m_map = nullptr;
    QCPColorScale* m_scale = nullptr;
    int m_rows = 0;
    int m_columns = 0;
};

} // namespace persona::ui
