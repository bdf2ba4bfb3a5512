CREATE TABLE dsi (a$b int, c$$ int, d$e$ int);
INSERT INTO dsi VALUES (1, 2, 3);
CREATE VIEW dsi_v AS SELECT a$b + c$$ AS s$ FROM dsi;
CREATE TABLE dsi_copy AS SELECT d$e$ FROM dsi;
