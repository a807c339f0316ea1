## قائمة الإرسال: التسجيلات في طريقها إلى الوكالة، ووصل الاستلام.

outbox-title = التسجيلات المرسلة من هذا الجهاز
outbox-empty = لا يوجد أي تسجيل في الانتظار على هذا الجهاز.
outbox-unavailable = لا يمكن قراءة القائمة حاليًا. تبقى التسجيلات المرسلة على هذا الجهاز.
outbox-header-pending = { $count ->
        [zero] لا يوجد تسجيل في انتظار الإرسال
        [one] تسجيل واحد في انتظار الإرسال
        [two] تسجيلان في انتظار الإرسال
        [few] { $count } تسجيلات في انتظار الإرسال
       *[other] { $count } تسجيلًا في انتظار الإرسال
    }
outbox-header-last-confirmed = وصل آخر تسجيل إلى الوكالة { $minutes ->
        [0] منذ أقل من دقيقة
        [one] منذ دقيقة واحدة
        [two] منذ دقيقتين
        [few] منذ { $minutes } دقائق
       *[other] منذ { $minutes } دقيقة
    }
outbox-paused = الإرسال متوقف: لم تعد الوكالة تقبل هذا الكشك. يجب على الموظفين إعادة تسجيله؛ التسجيلات محفوظة.
outbox-column-reference = المرجع
outbox-column-state = الحالة
outbox-column-next-attempt = المحاولة التالية
outbox-column-last-error = آخر مشكلة
outbox-state-queued = في انتظار الإرسال
outbox-state-sending = جارٍ الإرسال…
outbox-state-confirmed = وصل إلى الوكالة
outbox-state-rejected = مرفوض: يُرجى التوجه إلى الشباك
outbox-next-attempt-now = في أقرب وقت
outbox-next-attempt-in = بعد { $seconds } ثانية
outbox-error-network = لا يوجد اتصال بالوكالة
outbox-error-status = ردّت الوكالة بخطأ ({ $status })
outbox-error-not-authorized = رفضت الوكالة هذا الكشك: يجب إعادة تسجيله
outbox-rejection-invalid = رُفضت بعض الإجابات: { $fields }
outbox-rejection-conflict = لدى الوكالة نسخة أخرى من هذا التسجيل
outbox-rejection-status = رفضته الوكالة ({ $status })
outbox-export = حفظه في ملف للشباك
outbox-retry = إعادة المحاولة
outbox-state-unreadable = تعذّرت القراءة
outbox-unreadable-problem = لم يعد هذا الجهاز قادرًا على قراءة هذا التسجيل؛ ويتواصل إرسال التسجيلات الأخرى.

outbox-send = إرسال تسجيلي
outbox-send-failed = تعذّر حفظ تسجيلك على هذا الجهاز. يُرجى إعادة المحاولة أو التوجه إلى الشباك.

receipt-title = تسجيلك
receipt-reference-label = مرجعك
receipt-instructions = اعرض هذا المرجع على المستشار في الشباك.
receipt-qr-label = رمز QR لتسجيلك، للشباك
receipt-state-waiting = محفوظ على هذا الجهاز. سيُرسل إلى الوكالة فور توفر الاتصال.
receipt-state-confirmed = وصل إلى الوكالة.
receipt-state-rejected = لم تتمكن الوكالة من قبوله. يُرجى التوجه إلى الشباك.
receipt-not-found = وصل الاستلام هذا غير موجود على هذا الجهاز.
receipt-unavailable = لا يمكن قراءة وصل الاستلام هذا حاليًا. يبقى التسجيل المرسل على هذا الجهاز.
receipt-see-outbox = عرض كل ما ينتظر على هذا الجهاز
