"""绩效自评报告助手: write, check and export 部门整体支出绩效自评报告 offline."""

__version__ = "0.1.0"
