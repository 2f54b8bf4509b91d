-- With tracing on, a notification names the trace of its first and last request beside their request ids,
-- so an operator can open the fault's trace; NULL when tracing was off.
ALTER TABLE notifications
  ADD COLUMN first_trace_id text,
  ADD COLUMN last_trace_id  text;
