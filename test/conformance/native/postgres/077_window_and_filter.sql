CREATE TABLE wfl (grp text, v int);
INSERT INTO wfl SELECT CASE WHEN g % 2 = 0 THEN 'even' ELSE 'odd' END, g FROM generate_series(1, 8) g;
CREATE TABLE wfl_r AS
SELECT grp, v,
       rank() OVER w AS rnk,
       sum(v) OVER (w ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS pair_sum,
       lag(v, 1, 0) OVER w AS prev,
       first_value(v) OVER w AS first
FROM wfl
WINDOW w AS (PARTITION BY grp ORDER BY v);
CREATE TABLE wfl_f AS
SELECT grp, count(*) FILTER (WHERE v > 4) AS big, sum(v) AS total, string_agg(v::text, ';' ORDER BY v) AS list
FROM wfl GROUP BY grp ORDER BY grp;
