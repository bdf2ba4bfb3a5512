CREATE TABLE lge (v TEXT);
INSERT INTO lge VALUES ('a_b'), ('axb'), ('50%'), ('back\slash'), ('Case');
CREATE TABLE lge_r AS
SELECT v,
       v LIKE 'a\_b' ESCAPE '\' AS like_esc,
       v LIKE '%!%' ESCAPE '!' AS pct,
       v GLOB '[a-c]*' AS glob_class,
       v LIKE 'case' AS like_ci,
       v GLOB 'case' AS glob_cs
FROM lge;
