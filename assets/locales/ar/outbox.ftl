## قائمة الإرسال: التسجيلات في طريقها إلى الوكالة، ووصل الاستلام.

outbox-title = التسجيلات المرسلة من هذا الجهاز
outbox-empty = لا يوجد أي تسجيل في الانتظار على هذا الجهاز.
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
outbox-paused = الإرسال متوقف: يجب إعادة ضبط هذا الجهاز. يُرجى إبلاغ الشباك.
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
outbox-error-not-authorized = هذا الجهاز غير مرخّص له
outbox-rejection-invalid = رُفضت بعض الإجابات: { $fields }
outbox-rejection-conflict = لدى الوكالة نسخة أخرى من هذا التسجيل
outbox-rejection-status = رفضته الوكالة ({ $status })
outbox-export = حفظه في ملف للشباك

outbox-send = إرسال تسجيلي
outbox-send-failed = تعذّر حفظ تسجيلك على هذا الجهاز. يُرجى إعادة المحاولة أو التوجه إلى الشباك.

receipt-title = تسجيلك
receipt-reference-label = مرجعك
receipt-instructions = اعرض هذا المرجع على المستشار في الشباك.
receipt-qr-label = رمز QR لمرجعك
receipt-state-waiting = محفوظ على هذا الجهاز. سيُرسل إلى الوكالة فور توفر الاتصال.
receipt-state-confirmed = وصل إلى الوكالة.
receipt-state-already-registered = أنت مسجّل من قبل: هذا مرجعك الحالي.
receipt-state-rejected = لم تتمكن الوكالة من قبوله. يُرجى التوجه إلى الشباك.
receipt-not-found = وصل الاستلام هذا غير موجود على هذا الجهاز.
receipt-see-outbox = عرض كل ما ينتظر على هذا الجهاز
